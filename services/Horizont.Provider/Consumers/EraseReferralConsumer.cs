using Horizont.Hosting;
using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using MassTransit;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Erases a case's personal data on the Jugendamt's request (right to erasure) and answers with <see cref="ReferralErased"/>:
/// <c>ERASED</c>, <c>ALREADY_ERASED</c>, or <c>NOT_ENDED</c> for a case that still runs here, which is not erased (erasure is
/// for ended referrals; the Jugendamt refuses to ask for a running one). An erasure is audited (<c>case.erase</c>, subject
/// <c>request</c>, actor the Jugendamt).
/// </summary>
public sealed class EraseReferralConsumer(CaseDbContext db, AuditTrail audit, TimeProvider time, ILogger<EraseReferralConsumer> logger) : IConsumer<EraseReferral>
{
    public const string Detail = "Personenbezogene Daten gelöscht: auf Antrag des Jugendamts.";

    public async Task Consume(ConsumeContext<EraseReferral> context)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = context.MessageId!.Value;
        CommandContracts.Check(request).ThrowIfAny(nameof(EraseReferral), request.ReferralId, messageId);
        var now = time.GetUtcNow();
        var @case = await IncomingCommand.FindCaseAsync(db, nameof(EraseReferral), request.ReferralId, messageId, cancellationToken);
        await db.Entry(@case).Collection(c => c.HourEntries).LoadAsync(cancellationToken);

        var outcome = @case.WhyNotErase() is not null ? ErasureOutcomeCodes.NotEnded
            : @case.Erase(now, request.SenderAgencyId, Detail) ? ErasureOutcomeCodes.Erased
            : ErasureOutcomeCodes.AlreadyErased;
        if (outcome == ErasureOutcomeCodes.Erased)
            await db.EraseReferralTracesAsync(@case.ReferralId, cancellationToken);
        var answer = new ReferralErased
        {
            ReferralId = @case.ReferralId,
            SenderAgencyId = @case.ProviderId,
            ReceiverAgencyId = @case.JugendamtId,
            Outcome = outcome,
            CaseState = @case.State.ToString(),
            ErasedAt = @case.ErasedAt ?? now,
        };
        var sent = db.SendToJugendamt(@case, answer, now);
        // One SaveChanges: the erasure, the answer in the outbox and the inbox row.
        await db.SaveChangesAsync(cancellationToken);

        if (outcome == ErasureOutcomeCodes.Erased)
        {
            await audit.RecordErasureAsync("case.erase", request.SenderAgencyId, @case.ProviderId, @case.ReferralId, ErasureAudit.Request, cancellationToken);
            HorizontMetrics.Erased("case");
            logger.LogInformation("EraseReferral {MessageId} for referral {ReferralId} applied; answer {AnswerMessageId} queued for {JugendamtId}",
                messageId, request.ReferralId, sent.MessageId, @case.JugendamtId);
        }
        else
        {
            HorizontMetrics.NotApplied(nameof(EraseReferral), outcome == ErasureOutcomeCodes.NotEnded ? "state" : "duplicate");
            logger.LogWarning("EraseReferral {MessageId} for referral {ReferralId} not applied: {Outcome} (case {State}); answer {AnswerMessageId} queued",
                messageId, request.ReferralId, outcome, @case.State, sent.MessageId);
        }
    }
}
