using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Export;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>The provider declined the referral: the ledger says <c>Declined</c> with the reason, and the case system gets an export file.</summary>
internal sealed class ReferralDeclinedConsumer(
    LedgerDbContext db,
    EventExport export,
    JugendamtAgency agency,
    TimeProvider time,
    ILogger<ReferralDeclinedConsumer> logger) : IConsumer<ReferralDeclined>
{
    private const int MaxNote = 500;

    public async Task Consume(ConsumeContext<ReferralDeclined> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var referral = await IncomingEvent.FindReferralAsync(db, agency, context, message.ReferralId, message.SenderAgencyId, message.ReceiverAgencyId, nameof(ReferralDeclined));
        var messageId = context.MessageId!.Value;
        if (!DeclineReasonCodes.All.Contains(message.ReasonCode, StringComparer.Ordinal))
        {
            throw new InvalidMessageException(
                $"ReferralDeclined {messageId}: reasonCode '{message.ReasonCode}' is not one of {string.Join(", ", DeclineReasonCodes.All)}.");
        }

        if (message.Note is { Length: > MaxNote })
            throw new InvalidMessageException($"ReferralDeclined {messageId}: note has {message.Note.Length} characters; at most {MaxNote} are allowed.");

        var now = time.GetUtcNow();
        if (!await db.TryRecordInboxAsync(messageId, nameof(ReferralDeclinedConsumer), now, cancellationToken))
        {
            logger.LogInformation("ReferralDeclined {MessageId} for referral {ReferralId} was handled before; ignored", messageId, message.ReferralId);
            return;
        }

        var applies = referral.Status == ReferralStatus.Submitted;
        if (applies)
        {
            referral.Status = ReferralStatus.Declined;
            referral.DeclineReasonCode = message.ReasonCode;
            referral.DeclineNote = message.Note;
            referral.AnsweredAt = message.DeclinedAt;
            referral.UpdatedAt = now;
        }
        else
        {
            logger.LogWarning("ReferralDeclined {MessageId} for referral {ReferralId} does not fit its status {Status}; recorded in the history only",
                messageId, message.ReferralId, referral.Status);
        }

        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referral.Id,
            Time = now,
            Kind = LedgerHistoryKinds.ReferralDeclined,
            Actor = message.SenderAgencyId,
            Detail = applies
                ? $"Vom Träger abgelehnt, Grund {message.ReasonCode}."
                : $"Ablehnung (Grund {message.ReasonCode}) gemeldet, passt aber nicht zum Stand {referral.Status}; Stand unverändert.",
            MessageId = messageId,
        });

        var file = await export.WriteAsync(
            new ExportedEvent(nameof(ReferralDeclined), messageId, referral.Id, referral.FileReference, message.SenderAgencyId, referral.Status, applies, message),
            message.DeclinedAt,
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("ReferralDeclined {MessageId} for referral {ReferralId} ({ReasonCode}) recorded; export file {ExportFile}",
            messageId, referral.Id, message.ReasonCode, file);
    }
}
