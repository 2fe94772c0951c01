namespace Horizont.Jugendamt.Data;

/// <summary>
/// An amendment or withdrawal the Jugendamt sent. Its id is derived from its content, so the same
/// change read again (a file after a crash, a repeated request) is recognised and never sent twice.
/// </summary>
public sealed class ReferralChange
{
    /// <summary>Derived from the kind, the referral id and the values (see <c>ReferralChangeIds</c>).</summary>
    public Guid Id { get; set; }

    public Guid ReferralId { get; set; }

    /// <summary>The message type sent: <c>AmendReferral</c> or <c>WithdrawReferral</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The id of the message in the outbox.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Who sent it, e.g. <c>ja-nordhausen/api</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The message as sent (JSON).</summary>
    public required string Payload { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
