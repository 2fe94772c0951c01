using Horizont.Hosting.Messaging;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Takes a Jugendamt's referral (Zuweisung) into the case store as a new case in state Submitted. The receive pipeline
/// has checked the message id, the addressing and the inbox; a message that breaks the contract
/// (<see cref="CommandContracts"/>, the same check the Jugendamt ran before sending) goes to the error queue at once,
/// and the Jugendamt is told. The same referral under a new message id only adds a history entry.
/// </summary>
public sealed class SubmitReferralConsumer(CaseDbContext db, InboxReads<CaseDbContext> reads, TimeProvider time, ILogger<SubmitReferralConsumer> logger)
    : IConsumer<SubmitReferral>
{
    public async Task Consume(ConsumeContext<SubmitReferral> context)
    {
        var referral = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = context.MessageId!.Value;
        CommandContracts.Check(referral).ThrowIfAny(nameof(SubmitReferral), referral.ReferralId, messageId);

        var now = time.GetUtcNow();
        // Almost every referral is new. Whether it is a case already is asked together with the endpoint's other messages
        // (the receive pipeline asked the same about its sender); only a case that exists is loaded, to be changed.
        var existing = await reads.CounterpartOfAsync(referral.ReferralId, cancellationToken) is null
            ? null
            : await db.Cases.SingleOrDefaultAsync(c => c.ReferralId == referral.ReferralId, cancellationToken);
        if (existing is not null)
        {
            existing.RecordDuplicate(now, referral.SenderAgencyId, messageId);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Referral {ReferralId} from {SenderAgencyId} received again as message {MessageId}; the case is unchanged",
                referral.ReferralId, referral.SenderAgencyId, messageId);
            return;
        }

        db.Cases.Add(Case.Receive(referral, messageId, now));
        // One SaveChanges: the case, its first history entry and the inbox row commit together. A concurrent
        // copy of the same referral fails here on the primary key and is retried, then finds the case.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Referral {ReferralId} from {SenderAgencyId} to {ReceiverAgencyId} received as message {MessageId}; case opened",
            referral.ReferralId, referral.SenderAgencyId, referral.ReceiverAgencyId, messageId);
    }
}
