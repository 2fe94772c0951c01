using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider reports that the hours were culpably not worked: → <c>NonComplianceReported</c>, with the
/// reason, the reminder dates and the recommendation; its hours count when newer than the last hours report.
/// </summary>
internal sealed class NonComplianceReportedConsumer(ProviderEventHandler events) : IConsumer<NonComplianceReported>
{
    public Task Consume(ConsumeContext<NonComplianceReported> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "reasonCode", m.ReasonCode, NonComplianceReasonCodes.All);
        EventContract.MaxLength(context, "recommendation", m.Recommendation);
        EventContract.NotNegative(context, "hoursCompleted", m.HoursCompleted);
        var remindedOn = m.RemindedOn is null ? [] : m.RemindedOn.Distinct().Order().ToList();

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt), $"Nichterfüllung (Grund {m.ReasonCode})", referral =>
        {
            if (EventOutcome.Blocks(referral, ReferralStatus.NonComplianceReported) is { } blocked)
                return blocked;
            if (referral.NonComplianceReportedAt is { } last && m.ReportedAt <= last)
                return EventOutcome.Stale($"eine neuere Meldung der Nichterfüllung (vom {GermanText.Time(last)}) ist schon übernommen");

            ReferralLifecycle.MoveTo(referral, ReferralStatus.NonComplianceReported);
            referral.NonComplianceReasonCode = m.ReasonCode;
            referral.NonComplianceRemindedOn = remindedOn;
            referral.NonComplianceRecommendation = m.Recommendation;
            referral.NonComplianceReportedAt = m.ReportedAt;
            if (referral.HoursReportedAt is not { } hoursAt || m.ReportedAt > hoursAt)
            {
                referral.HoursCompleted = m.HoursCompleted;
                referral.HoursReportedAt = m.ReportedAt;
            }

            var reminded = remindedOn.Count > 0 ? $", erinnert am {string.Join(", ", remindedOn.Select(GermanText.Date))}" : "";
            return EventOutcome.Apply(
                $"Nichterfüllung gemeldet: Grund {m.ReasonCode}{reminded}; {GermanText.Hours(m.HoursCompleted)} von {GermanText.Hours(referral.HoursOrdered)} Stunden geleistet.");
        });
    }
}
