using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using MassTransit;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Ends a case on the Jugendamt's withdrawal (Beendigung) and acknowledges it. The provider's state
/// decides: a case still running is withdrawn (<c>WITHDRAWN</c>); a completed case stays completed
/// (<c>ALREADY_COMPLETED</c>, the withdrawal crossed the completion in flight); a case declined or
/// withdrawn before stays so (<c>ALREADY_ENDED</c>). Either way the acknowledgement names the case's
/// state, so both sides end on the same one.
/// </summary>
public sealed class WithdrawReferralConsumer(CaseDbContext db, TimeProvider time, ILogger<WithdrawReferralConsumer> logger) : IConsumer<WithdrawReferral>
{
    public async Task Consume(ConsumeContext<WithdrawReferral> context)
    {
        var withdrawal = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = context.MessageId!.Value;
        CommandContracts.Check(withdrawal).ThrowIfAny(nameof(WithdrawReferral), withdrawal.ReferralId, messageId);
        var now = time.GetUtcNow();
        var @case = await IncomingCommand.FindCaseAsync(db, nameof(WithdrawReferral), withdrawal.ReferralId, messageId, cancellationToken);

        var acknowledgement = @case.Withdraw(now, withdrawal.SenderAgencyId, messageId, withdrawal.ReasonCode, withdrawal.EffectiveDate);
        var sent = db.SendToJugendamt(@case, acknowledgement, now);
        // One SaveChanges: the case's end (or its record), the acknowledgement in the outbox and the inbox row.
        await db.SaveChangesAsync(cancellationToken);

        if (acknowledgement.Outcome == WithdrawalOutcomeCodes.Withdrawn)
        {
            logger.LogInformation("WithdrawReferral {MessageId} for referral {ReferralId} applied; acknowledgement {AckMessageId} queued for {JugendamtId}",
                messageId, withdrawal.ReferralId, sent.MessageId, @case.JugendamtId);
        }
        else
        {
            HorizontMetrics.NotApplied(nameof(WithdrawReferral), "state");
            logger.LogWarning("WithdrawReferral {MessageId} for referral {ReferralId} not applied: the case is {State} ({Outcome}); acknowledgement {AckMessageId} queued",
                messageId, withdrawal.ReferralId, @case.State, acknowledgement.Outcome, sent.MessageId);
        }
    }
}
