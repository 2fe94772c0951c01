using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// Erledigungsmitteilung: the hours were worked → <c>Completed</c>, with the total and the date. A
/// completion wins over a withdrawal it crossed; it also fills in a completion that was known only from
/// the provider's acknowledgement of the withdrawal (<c>ALREADY_COMPLETED</c>).
/// </summary>
internal sealed class ReferralCompletedConsumer(ProviderEventHandler events) : IConsumer<ReferralCompleted>
{
    public Task Consume(ConsumeContext<ReferralCompleted> context)
    {
        var m = context.Message;
        EventContract.NotNegative(context, "totalHours", m.TotalHours);
        var completion = $"Erledigung am {GermanText.Date(m.CompletedOn)} mit {GermanText.Hours(m.TotalHours)} Stunden";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt), completion, referral =>
        {
            var knownFromAcknowledgement = referral is { Status: ReferralStatus.Completed, CompletedOn: null };
            if (ReferralLifecycle.IsEnded(referral.Status) && !knownFromAcknowledgement)
                return EventOutcome.Ended(referral);

            var crossedWithdrawal = referral.Status == ReferralStatus.WithdrawalRequested;
            ReferralLifecycle.MoveTo(referral, ReferralStatus.Completed);
            referral.HoursCompleted = m.TotalHours;
            referral.CompletedOn = m.CompletedOn;
            return EventOutcome.Apply($"{completion} gemeldet (von {GermanText.Hours(referral.HoursOrdered)} angeordneten)."
                + (crossedWithdrawal ? " Die beantragte Beendigung hat sich mit der Erledigung gekreuzt; die Erledigung gilt." : ""));
        });
    }
}
