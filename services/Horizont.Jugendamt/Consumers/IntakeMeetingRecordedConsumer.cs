using Horizont.Hosting;
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

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.RecordedAt),
            $"Erstgespräch ({m.Outcome}, {GermanText.Date(m.MeetingDate)})", referral => referral.Apply(m));
    }
}
