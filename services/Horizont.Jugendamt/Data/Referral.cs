namespace Horizont.Jugendamt.Data;

/// <summary>One referral the Jugendamt handed over, and what it has heard back since.</summary>
public sealed partial class Referral
{
    public Guid Id { get; set; }

    /// <summary>The Jugendamt's own file reference (Aktenzeichen); the case system matches answers by it.</summary>
    public required string FileReference { get; set; }

    /// <summary>The provider (agency id) the referral was handed to; only it may answer.</summary>
    public required string ProviderId { get; set; }

    public required string LegalBasis { get; set; }

    /// <summary>As handed over, or as last amended.</summary>
    public decimal HoursOrdered { get; set; }

    /// <summary>The provider's running total (from the latest hours report, a non-compliance report or the completion).</summary>
    public decimal HoursCompleted { get; set; }

    /// <summary>As handed over, or as last amended.</summary>
    public DateOnly Deadline { get; set; }

    public ReferralStatus Status { get; set; }

    /// <summary>
    /// The status before the Jugendamt's own last change (<see cref="ReferralStatus.Amended"/> or
    /// <see cref="ReferralStatus.WithdrawalRequested"/>) or the provider's refusal of it (<see cref="ReferralStatus.Refused"/>):
    /// how far the case had got at the provider.
    /// </summary>
    public ReferralStatus? StatusBeforeChange { get; set; }

    /// <summary>Raised on every change of the row (optimistic concurrency: two writers cannot both act on the same state).</summary>
    public long Version { get; set; }

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

    /// <summary>When the referral entered its current <see cref="Status"/> (the start of the follow-ups that wait on a status).</summary>
    public DateTimeOffset StatusSince { get; set; }

    // The intake meeting (IntakeMeetingRecorded), as last reported.

    /// <summary>One of <c>IntakeOutcomeCodes</c>.</summary>
    public string? IntakeOutcome { get; set; }

    public DateOnly? IntakeMeetingDate { get; set; }

    public DateTimeOffset? IntakeNextAppointment { get; set; }

    /// <summary>The <c>recordedAt</c> of the last applied intake report: an older one is not applied.</summary>
    public DateTimeOffset? IntakeRecordedAt { get; set; }

    // The placement (PlacementArranged); its name stays at the provider.

    /// <summary>One of <c>PlacementCategoryCodes</c>.</summary>
    public string? PlacementCategory { get; set; }

    public DateOnly? PlacementStartDate { get; set; }

    /// <summary>The <c>arrangedAt</c> of the last applied placement: an older one is not applied.</summary>
    public DateTimeOffset? PlacementArrangedAt { get; set; }

    // Hours (HoursReported).

    /// <summary>Codes from <c>CaseFlagCodes</c>, from the provider's latest applied hours report; cleared when the referral ends.</summary>
    public List<string> Flags { get; set; } = [];

    /// <summary>The <c>reportedAt</c> of the last applied hours report: an older report is not applied.</summary>
    public DateTimeOffset? HoursReportedAt { get; set; }

    /// <summary>When the provider stated the <see cref="Flags"/> in force (an hours report or a flags status): an older statement does not replace them.</summary>
    public DateTimeOffset? FlagsReportedAt { get; set; }

    public DateOnly? LastShiftDate { get; set; }

    // Non-compliance (NonComplianceReported), as last reported.

    /// <summary>One of <c>NonComplianceReasonCodes</c>.</summary>
    public string? NonComplianceReasonCode { get; set; }

    public List<DateOnly> NonComplianceRemindedOn { get; set; } = [];

    /// <summary>At most 500 characters.</summary>
    public string? NonComplianceRecommendation { get; set; }

    public DateTimeOffset? NonComplianceReportedAt { get; set; }

    // The pending extension request (ExtensionRequested); cleared by an amendment of the deadline or the end of the referral.

    /// <summary>One of <c>ExtensionReasonCodes</c>.</summary>
    public string? ExtensionReasonCode { get; set; }

    public DateOnly? ExtensionProposedDeadline { get; set; }

    public DateTimeOffset? ExtensionRequestedAt { get; set; }

    // The last amendment the Jugendamt sent (AmendReferral).

    public DateOnly? CourtDecisionDate { get; set; }

    public DateTimeOffset? AmendedAt { get; set; }

    // Completion (ReferralCompleted).

    public DateOnly? CompletedOn { get; set; }

    // The Jugendamt's report to the court or prosecutor after the completion (closes the referral).

    public DateOnly? CourtReportedOn { get; set; }

    public DateTimeOffset? CourtReportedAt { get; set; }

    // Withdrawal (WithdrawReferral sent, ReferralWithdrawalAcknowledged received).

    /// <summary>One of <c>WithdrawalReasonCodes</c>.</summary>
    public string? WithdrawalReasonCode { get; set; }

    public DateOnly? WithdrawalEffectiveDate { get; set; }

    public DateTimeOffset? WithdrawalRequestedAt { get; set; }

    /// <summary>One of <c>WithdrawalOutcomeCodes</c>, once the provider acknowledged.</summary>
    public string? WithdrawalOutcome { get; set; }

    public DateTimeOffset? WithdrawalAcknowledgedAt { get; set; }

    // Refusal (ReferralRefused): the provider could not take one of the Jugendamt's commands at all.

    /// <summary>One of <c>RefusalReasonCodes</c>, from the provider's last refusal.</summary>
    public string? RefusalReasonCode { get; set; }

    /// <summary>The refused command's type, e.g. <c>SubmitReferral</c>.</summary>
    public string? RefusedMessageType { get; set; }

    /// <summary>When the provider refused it, as the provider stated it.</summary>
    public DateTimeOffset? RefusedAt { get; set; }

    public List<LedgerHistoryEntry> History { get; set; } = [];
}
