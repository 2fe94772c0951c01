namespace Horizont.Hosting.Outbox;

/// <summary>
/// A message waiting to be sent, written in the same transaction as the state change that caused it.
/// The dispatcher sends rows in <see cref="Sequence"/> order per referral and marks them sent.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }

    /// <summary>The MassTransit message id; a resend after a crash reuses it, so the receiver's inbox drops the copy.</summary>
    public Guid MessageId { get; set; }

    public Guid? ReferralId { get; set; }

    /// <summary>The partner agency the message goes to (its queue comes from the partner directory).</summary>
    public required string DestinationAgencyId { get; set; }

    /// <summary>
    /// The message's stable name, its MassTransit URN (<c>urn:message:Horizont.Messages:ReferralAccepted</c>): the wire name,
    /// which survives a move of the CLR type between assemblies (see <see cref="OutboxMessageTypes"/>).
    /// </summary>
    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The last send failure (exception type and message; never message content).</summary>
    public string? LastError { get; set; }

    /// <summary>The dispatcher instance that claimed the row for sending; null when nobody holds it.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the claim holds: after it another instance may take the row over (its holder died).</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>After a failed send: not tried again before this time (the back-off grows with <see cref="Attempts"/>).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
}

/// <summary>A consumed message id, recorded in the same transaction as the consumer's effect.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    /// <summary>The consumer that handled it: one message may be consumed by several consumers, each once.</summary>
    public required string Consumer { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
