using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Validation;
using Horizont.Provider.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Consumers;

/// <summary>
/// The checks every command from a Jugendamt passes before it touches the case store: a message id to
/// deduplicate by, addressed to this provider, sent by a Jugendamt, and (for a referral already here)
/// sent by the Jugendamt that referred. A failed check is an <see cref="InvalidMessageException"/>: the
/// message goes straight to the error queue, with a reason that names fields and ids, never personal data.
/// </summary>
internal static class IncomingCommand
{
    public static Guid MessageIdOf(ConsumeContext context, string messageType, Guid referralId) =>
        context.MessageId
        ?? throw new InvalidMessageException($"{messageType} for referral {referralId} has no message id; it cannot be deduplicated.");

    /// <summary>Adds a line to <paramref name="errors"/> for each addressing rule the command breaks.</summary>
    public static void CheckAddressing(
        ICollection<string> errors, PartnerDirectory partners, string self, Guid referralId, string? senderAgencyId, string? receiverAgencyId)
    {
        if (referralId == Guid.Empty)
            errors.Add("ReferralId is empty");

        if (string.IsNullOrWhiteSpace(receiverAgencyId))
            errors.Add("ReceiverAgencyId is missing");
        else if (!string.Equals(receiverAgencyId, self, StringComparison.Ordinal))
            errors.Add($"ReceiverAgencyId {FieldErrors.Quote(receiverAgencyId)} is not this provider ('{self}')");

        if (string.IsNullOrWhiteSpace(senderAgencyId))
            errors.Add("SenderAgencyId is missing");
        else if (partners.Find(senderAgencyId, AgencyKind.Jugendamt) is null)
            errors.Add($"SenderAgencyId {FieldErrors.Quote(senderAgencyId)} is not a Jugendamt in the partner directory");
    }

    /// <summary>Throws when <paramref name="errors"/> holds anything, naming the message, the referral and every error.</summary>
    public static void ThrowIfInvalid(IReadOnlyCollection<string> errors, string messageType, Guid referralId, Guid messageId)
    {
        if (errors.Count > 0)
            throw Invalid(messageType, referralId, messageId, string.Join("; ", errors));
    }

    /// <summary>Throws unless <paramref name="senderAgencyId"/> is the Jugendamt that referred the case.</summary>
    public static void CheckSenderReferred(Case @case, string senderAgencyId, string messageType, Guid messageId)
    {
        if (!string.Equals(@case.JugendamtId, senderAgencyId, StringComparison.Ordinal))
        {
            throw Invalid(messageType, @case.ReferralId, messageId,
                $"SenderAgencyId {FieldErrors.Quote(senderAgencyId)} is not the Jugendamt that referred it ('{@case.JugendamtId}')");
        }
    }

    /// <summary>
    /// The case a command about an existing referral is for, sent by the Jugendamt that referred it.
    /// An unknown referral is retried, not rejected at once: the referral is sent first, but the
    /// endpoint consumes several messages at a time, so a withdrawal right behind its referral can
    /// overtake the referral's commit by milliseconds. After the immediate retries it goes to the
    /// error queue with this reason, where operations can replay it.
    /// </summary>
    private static async Task<Case> FindCaseAsync(
        CaseDbContext db, string messageType, Guid referralId, Guid messageId, string senderAgencyId, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken)
            ?? throw new UnknownReferralException($"{messageType} {referralId} (message {messageId}): ReferralId is not (yet) a case of this provider.");
        CheckSenderReferred(@case, senderAgencyId, messageType, messageId);
        return @case;
    }

    /// <summary>
    /// The case a command is for, if the command is new: its message id is then recorded in the inbox
    /// for the caller's SaveChanges. A redelivery is recorded in the case's history, saved, and
    /// answered with null: the caller changes nothing.
    /// </summary>
    public static async Task<Case?> ReceiveAsync(
        CaseDbContext db, ConsumeContext context, string messageType, Guid referralId, Guid messageId, string senderAgencyId, string consumer,
        DateTimeOffset now, ILogger logger)
    {
        var cancellationToken = context.CancellationToken;
        var @case = await FindCaseAsync(db, messageType, referralId, messageId, senderAgencyId, cancellationToken);
        if (await db.TryRecordInboxAsync(messageId, consumer, now, cancellationToken))
            return @case;

        @case.RecordRedelivery(now, senderAgencyId, messageType, messageId);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("{MessageType} {MessageId} for referral {ReferralId} was handled before; recorded, nothing changed", messageType, messageId, referralId);
        return null;
    }

    private static InvalidMessageException Invalid(string messageType, Guid referralId, Guid messageId, string reason) =>
        new($"{messageType} {referralId} (message {messageId}) is invalid: {reason}.");
}

/// <summary>A command for a referral this provider does not (yet) know; transient, so it is retried.</summary>
public sealed class UnknownReferralException : Exception
{
    public UnknownReferralException(string message)
        : base(message)
    {
    }

    public UnknownReferralException()
    {
    }

    public UnknownReferralException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
