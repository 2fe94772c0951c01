namespace Horizont.Messages;

/// <summary>The provider takes the referral on (angenommen).</summary>
public record ReferralAccepted : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
}

/// <summary>The provider declines the referral (abgelehnt).</summary>
public record ReferralDeclined : ISealedMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="DeclineReasonCodes"/>.</summary>
    public required string ReasonCode { get; init; }
    /// <summary>Short, at most 500 characters; no personal data beyond what the Jugendamt needs. Sealed on the wire.</summary>
    public string? Note { get; init; }
    public required DateTimeOffset DeclinedAt { get; init; }
    /// <summary><see cref="Note"/>, encrypted for the Jugendamt.</summary>
    public SealedFields? Sealed { get; init; }
}

/// <summary>The intake meeting (Erstgespräch) was scheduled, held or missed.</summary>
public record IntakeMeetingRecorded : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="IntakeOutcomeCodes"/>.</summary>
    public required string Outcome { get; init; }
    public required DateOnly MeetingDate { get; init; }
    /// <summary>The next appointment, when one was made (a scheduled or rescheduled meeting).</summary>
    public DateTimeOffset? NextAppointment { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A work placement (Einsatzstelle) was found. Its name stays at the provider.</summary>
public record PlacementArranged : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="PlacementCategoryCodes"/>.</summary>
    public required string Category { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateTimeOffset ArrangedAt { get; init; }
}

/// <summary>
/// The running total of hours worked. Always the total, never one shift, so a lost or
/// reordered report cannot corrupt the Jugendamt's view.
/// </summary>
public record HoursReported : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    public required decimal HoursCompleted { get; init; }
    public DateOnly? LastShiftDate { get; init; }
    /// <summary>Codes from <see cref="CaseFlagCodes"/> in force when the report was made.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
    public required DateTimeOffset ReportedAt { get; init; }
}

/// <summary>The young person culpably failed to work the hours (Nichterfüllung).</summary>
public record NonComplianceReported : ISealedMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="NonComplianceReasonCodes"/>.</summary>
    public required string ReasonCode { get; init; }
    /// <summary>The dates on which the young person was reminded.</summary>
    public IReadOnlyList<DateOnly> RemindedOn { get; init; } = [];
    /// <summary>Short, at most 500 characters. Sealed on the wire.</summary>
    public string? Recommendation { get; init; }
    public required decimal HoursCompleted { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    /// <summary><see cref="Recommendation"/>, encrypted for the Jugendamt.</summary>
    public SealedFields? Sealed { get; init; }
}

/// <summary>The provider asks the Jugendamt to have the deadline extended.</summary>
public record ExtensionRequested : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="ExtensionReasonCodes"/>.</summary>
    public required string ReasonCode { get; init; }
    public required DateOnly ProposedDeadline { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>Erledigungsmitteilung: the hours were worked.</summary>
public record ReferralCompleted : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    public required decimal TotalHours { get; init; }
    public required DateOnly CompletedOn { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
}

/// <summary>
/// The provider's answer to <see cref="WithdrawReferral"/>. When a withdrawal crosses a completion in
/// flight, the provider's state decides and both sides end on it: <c>ALREADY_COMPLETED</c> means the
/// hours were worked before the withdrawal arrived, and the referral stays completed.
/// </summary>
public record ReferralWithdrawalAcknowledged : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="WithdrawalOutcomeCodes"/>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The state the provider's case is in after the withdrawal was handled, e.g. <c>Withdrawn</c> or <c>Completed</c>.</summary>
    public required string CaseState { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset AcknowledgedAt { get; init; }
}

/// <summary>
/// The case's flags changed with time alone (half the period gone with less than half the hours done:
/// <c>AT_RISK</c>; deadline passed with hours outstanding: <c>OVERDUE</c>), between two hours reports:
/// the status of its own that domain.md asks for. An hours report carries the flags too.
/// </summary>
public record CaseFlagsChanged : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>Codes from <see cref="CaseFlagCodes"/> in force now (empty: none).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
    public required decimal HoursCompleted { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// The provider's answer to <see cref="EraseReferral"/>: it erased the case's personal data (<c>ERASED</c>), had erased
/// it before (<c>ALREADY_ERASED</c>), or did not, because the case has not ended there (<c>NOT_ENDED</c>).
/// </summary>
public record ReferralErased : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="ErasureOutcomeCodes"/>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The state of the provider's case, e.g. <c>Completed</c>.</summary>
    public required string CaseState { get; init; }
    public required DateTimeOffset ErasedAt { get; init; }
}
