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

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt),
            $"Stundenstand {GermanText.Hours(m.HoursCompleted)}{Referral.Hints(flags)}", referral => referral.Apply(m, flags));
    }
}
