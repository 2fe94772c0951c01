using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The intake meeting (Erstgespräch) was scheduled, held or missed: → <c>IntakeScheduled</c>,
/// <c>IntakeHeld</c> or <c>IntakeMissed</c>. A missed meeting may be scheduled again; a held one is not undone.
/// </summary>
internal sealed class IntakeMeetingRecordedConsumer(ProviderEventHandler events) : IConsumer<IntakeMeetingRecorded>
{
    public Task Consume(ConsumeContext<IntakeMeetingRecorded> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "outcome", m.Outcome, IntakeOutcomeCodes.All);
        var (target, text) = m.Outcome switch
        {
            IntakeOutcomeCodes.Scheduled => (ReferralStatus.IntakeScheduled, $"Erstgespräch terminiert für den {GermanText.Date(m.MeetingDate)}."),
            IntakeOutcomeCodes.Held => (ReferralStatus.IntakeHeld, $"Erstgespräch am {GermanText.Date(m.MeetingDate)} erfolgt."),
            _ => (ReferralStatus.IntakeMissed, $"Erstgespräch am {GermanText.Date(m.MeetingDate)} versäumt (nicht erschienen)."),
        };

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.RecordedAt),
            $"Erstgespräch ({m.Outcome}, {GermanText.Date(m.MeetingDate)})", referral =>
        {
            if (EventOutcome.Blocks(referral, target) is { } blocked)
                return blocked;
            if (referral.IntakeRecordedAt is { } last && m.RecordedAt <= last)
                return EventOutcome.Stale($"eine neuere Meldung zum Erstgespräch (vom {GermanText.Time(last)}) ist schon übernommen");

            ReferralLifecycle.MoveTo(referral, target);
            referral.IntakeOutcome = m.Outcome;
            referral.IntakeMeetingDate = m.MeetingDate;
            referral.IntakeNextAppointment = m.NextAppointment;
            referral.IntakeRecordedAt = m.RecordedAt;
            return EventOutcome.Apply(m.NextAppointment is { } next ? $"{text} Nächster Termin: {GermanText.Time(next)}." : text);
        });
    }
}
