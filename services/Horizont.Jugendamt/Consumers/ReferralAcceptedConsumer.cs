using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Export;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>The provider took the referral on: the ledger says <c>Accepted</c> and the case system gets an export file.</summary>
internal sealed class ReferralAcceptedConsumer(
    LedgerDbContext db,
    EventExport export,
    JugendamtAgency agency,
    TimeProvider time,
    ILogger<ReferralAcceptedConsumer> logger) : IConsumer<ReferralAccepted>
{
    public async Task Consume(ConsumeContext<ReferralAccepted> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var referral = await IncomingEvent.FindReferralAsync(db, agency, context, message.ReferralId, message.SenderAgencyId, message.ReceiverAgencyId, nameof(ReferralAccepted));
        var messageId = context.MessageId!.Value;
        var now = time.GetUtcNow();
        if (!await db.TryRecordInboxAsync(messageId, nameof(ReferralAcceptedConsumer), now, cancellationToken))
        {
            logger.LogInformation("ReferralAccepted {MessageId} for referral {ReferralId} was handled before; ignored", messageId, message.ReferralId);
            return;
        }

        var applies = referral.Status == ReferralStatus.Submitted;
        if (applies)
        {
            referral.Status = ReferralStatus.Accepted;
            referral.AnsweredAt = message.AcceptedAt;
            referral.UpdatedAt = now;
        }
        else
        {
            logger.LogWarning("ReferralAccepted {MessageId} for referral {ReferralId} does not fit its status {Status}; recorded in the history only",
                messageId, message.ReferralId, referral.Status);
        }

        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referral.Id,
            Time = now,
            Kind = LedgerHistoryKinds.ReferralAccepted,
            Actor = message.SenderAgencyId,
            Detail = applies
                ? "Vom Träger angenommen."
                : $"Annahme gemeldet, passt aber nicht zum Stand {referral.Status}; Stand unverändert.",
            MessageId = messageId,
        });

        var file = await export.WriteAsync(
            new ExportedEvent(nameof(ReferralAccepted), messageId, referral.Id, referral.FileReference, message.SenderAgencyId, referral.Status, applies, message),
            message.AcceptedAt,
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("ReferralAccepted {MessageId} for referral {ReferralId} recorded; export file {ExportFile}", messageId, referral.Id, file);
    }
}
