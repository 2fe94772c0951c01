using Horizont.Hosting.Validation;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider's answer to a withdrawal: <c>WITHDRAWN</c> → <c>Withdrawn</c>; <c>ALREADY_COMPLETED</c> →
/// <c>Completed</c> (the withdrawal crossed a completion, both sides end on it); <c>ALREADY_ENDED</c> keeps
/// the ended status. The outcome is kept in the ledger.
/// </summary>
internal sealed class ReferralWithdrawalAcknowledgedConsumer(ProviderEventHandler events) : IConsumer<ReferralWithdrawalAcknowledged>
{
    public Task Consume(ConsumeContext<ReferralWithdrawalAcknowledged> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "outcome", m.Outcome, WithdrawalOutcomeCodes.All);
        var caseState = FieldErrors.Shorten(m.CaseState);

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.AcknowledgedAt),
            $"Bestätigung der Beendigung ({m.Outcome}, Fall beim Träger {caseState})", referral => referral.Apply(m, caseState));
    }
}
