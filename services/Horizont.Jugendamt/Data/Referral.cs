namespace Horizont.Jugendamt.Data;

/// <summary>One referral the Jugendamt handed over, and what it has heard back since.</summary>
public sealed class Referral
{
    public Guid Id { get; set; }

    /// <summary>The Jugendamt's own file reference (Aktenzeichen); the case system matches answers by it.</summary>
    public required string FileReference { get; set; }

    /// <summary>The provider (agency id) the referral was handed to; only it may answer.</summary>
    public required string ProviderId { get; set; }

    public required string LegalBasis { get; set; }

    public decimal HoursOrdered { get; set; }

    public decimal HoursCompleted { get; set; }

    public DateOnly Deadline { get; set; }

    public ReferralStatus Status { get; set; }

    /// <summary>One of <c>DeclineReasonCodes</c> once declined.</summary>
    public string? DeclineReasonCode { get; set; }

    /// <summary>The provider's short note with a decline (at most 500 characters).</summary>
    public string? DeclineNote { get; set; }

    /// <summary>SHA-256 (hex) of the handed-over content without its time stamp: a repeat with the same id must match it.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The <c>SubmitReferral</c> as handed over (JSON): the ledger keeps what was sent.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the provider answered (accepted or declined), as the provider stated it.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<LedgerHistoryEntry> History { get; set; } = [];
}
