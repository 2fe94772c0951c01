using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider's running total of hours: → <c>InProgress</c>, with the total and the flags of the
/// report. Only a report newer than the last applied one counts (totals make that safe). While a
/// non-compliance report waits for the court, the figures are kept and the status stays.
/// </summary>
internal sealed class HoursReportedConsumer(ProviderEventHandler events) : IConsumer<HoursReported>
{
    public Task Consume(ConsumeContext<HoursReported> context)
    {
        var m = context.Message;
        EventContract.NotNegative(context, "hoursCompleted", m.HoursCompleted);
        var flags = EventContract.Flags(context, m.Flags);
        var hints = flags.Count > 0 ? $" (Hinweise {string.Join(", ", flags)})" : "";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt), $"Stundenstand {GermanText.Hours(m.HoursCompleted)}{hints}", referral =>
        {
            var blocked = EventOutcome.Blocks(referral, ReferralStatus.InProgress);
            if (blocked is { Reason: not "state" })
                return blocked.Value;
            if (referral.HoursReportedAt is { } last && m.ReportedAt <= last)
                return EventOutcome.Stale($"ein neuerer Stundenstand (vom {GermanText.Time(last)}) ist schon übernommen");

            referral.HoursCompleted = m.HoursCompleted;
            if (referral.FlagsReportedAt is not { } flagsAt || m.ReportedAt > flagsAt)
            {
                referral.Flags = flags;
                referral.FlagsReportedAt = m.ReportedAt;
            }

            referral.LastShiftDate = m.LastShiftDate;
            referral.HoursReportedAt = m.ReportedAt;
            var text = $"{GermanText.Hours(m.HoursCompleted)} von {GermanText.Hours(referral.HoursOrdered)} Stunden geleistet{hints}.";
            if (blocked is not null)
                return EventOutcome.Apply($"{text} {ReferralLifecycle.Describe(referral.Status)} bleibt.");

            ReferralLifecycle.MoveTo(referral, ReferralStatus.InProgress);
            return EventOutcome.Apply(text);
        });
    }
}
