using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using MassTransit;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Applies a Jugendamt's amendment (Änderung) after a court decision: new hours and/or a new deadline, and
/// a case with a non-compliance report resumes where the work stood. In a state that has ended (declined,
/// completed, withdrawn, closed) it is recorded in the history, counted as not applied and logged, not
/// thrown: the Jugendamt's message was valid, it just came too late. No answer is sent back.
/// </summary>
public sealed class AmendReferralConsumer(CaseDbContext db, TimeProvider time, ILogger<AmendReferralConsumer> logger) : IConsumer<AmendReferral>
{
    public async Task Consume(ConsumeContext<AmendReferral> context)
    {
        var amendment = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = context.MessageId!.Value;
        CommandContracts.Check(amendment).ThrowIfAny(nameof(AmendReferral), amendment.ReferralId, messageId);
        var now = time.GetUtcNow();
        var @case = await IncomingCommand.FindCaseAsync(db, nameof(AmendReferral), amendment.ReferralId, messageId, cancellationToken);

        var from = @case.State;
        var applied = @case.Amend(now, amendment.SenderAgencyId, messageId, amendment.HoursOrdered, amendment.Deadline, amendment.CourtDecisionDate);
        // One SaveChanges: the amendment, its history entry and the inbox row. A staff step at the same
        // moment fails one of the two on the case's version; a failed consume is retried and re-reads.
        await db.SaveChangesAsync(cancellationToken);
        if (applied)
        {
            logger.LogInformation("AmendReferral {MessageId} for referral {ReferralId} applied; state {FromState} -> {State}",
                messageId, amendment.ReferralId, from, @case.State);
        }
        else
        {
            HorizontMetrics.NotApplied(nameof(AmendReferral), "state");
            logger.LogWarning("AmendReferral {MessageId} for referral {ReferralId} not applied: the case is {State}; recorded in its history",
                messageId, amendment.ReferralId, @case.State);
        }
    }
}
