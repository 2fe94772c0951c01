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

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt),
            $"Nichterfüllung (Grund {m.ReasonCode})", referral => referral.Apply(m, remindedOn));
    }
}
