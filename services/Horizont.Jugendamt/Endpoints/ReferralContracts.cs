using System.Linq.Expressions;
using Horizont.Jugendamt.Data;

namespace Horizont.Jugendamt.Endpoints;

/// <summary>
/// The body of <c>POST /jugendamt/api/referrals</c>, the same JSON as an intake file (docs/intake.md).
/// It describes the shape for OpenAPI and clients; the body itself is read by the intake's JSON reader,
/// so that the API and the folder apply exactly the same rules and messages.
/// </summary>
public sealed record ReferralRequest
{
    /// <summary>Optional; without it the id is derived from the body's bytes (SHA-256).</summary>
    public Guid? ReferralId { get; init; }
    public required string JugendamtId { get; init; }
    public required string ProviderId { get; init; }
    public required string FileReference { get; init; }
    /// <summary>JGG_10, JGG_15, JGG_45, JGG_47 or OWIG_98.</summary>
    public required string LegalBasis { get; init; }
    /// <summary>1 to 300.</summary>
    public required decimal HoursOrdered { get; init; }
    /// <summary>ISO date, today or later.</summary>
    public required DateOnly Deadline { get; init; }
    public required bool ConsequencesExplained { get; init; }
    public required YoungPersonRequest YoungPerson { get; init; }
    /// <summary>SCHOOL_HOURS, WORK_HOURS, NO_HEAVY_LIFTING, NO_ANIMALS, ACCESSIBILITY, OTHER.</summary>
    public IReadOnlyList<string>? WorkConstraints { get; init; }
    /// <summary>At most 500 characters.</summary>
    public string? Note { get; init; }
    public required ContactRequest Caseworker { get; init; }
}

public sealed record YoungPersonRequest
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly DateOfBirth { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    /// <summary>Required when the young person is under 18 today.</summary>
    public GuardianRequest? Guardian { get; init; }
}

public sealed record GuardianRequest
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
}

public sealed record ContactRequest
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>The answer to a handover: the referral's id (given or derived).</summary>
public sealed record ReferralSubmittedResponse(Guid ReferralId);

/// <summary>
/// The body of <c>POST /jugendamt/api/referrals/{referralId}/amend</c> (Änderung after a court decision).
/// Give <see cref="HoursOrdered"/> or <see cref="Deadline"/> or both. Read by the intake's strict reader,
/// as an intake file with <c>"type": "amendment"</c> is.
/// </summary>
public sealed record AmendmentRequest
{
    /// <summary>The new hours ordered, 1 to 300; leave out to keep them.</summary>
    public decimal? HoursOrdered { get; init; }
    /// <summary>The new deadline (ISO date), today or later; leave out to keep it.</summary>
    public DateOnly? Deadline { get; init; }
    /// <summary>The date of the court's decision (ISO date), today or earlier.</summary>
    public required DateOnly CourtDecisionDate { get; init; }
}

/// <summary>
/// The body of <c>POST /jugendamt/api/referrals/{referralId}/withdraw</c> (Beendigung). Read by the
/// intake's strict reader, as an intake file with <c>"type": "withdrawal"</c> is.
/// </summary>
public sealed record WithdrawalRequest
{
    /// <summary>RELEASED_BY_COURT, MOVED_AWAY, PROCEEDINGS_DROPPED or OTHER.</summary>
    public required string ReasonCode { get; init; }
    /// <summary>From when the referral ends (ISO date).</summary>
    public required DateOnly EffectiveDate { get; init; }
}

/// <summary>The answer to an amendment or withdrawal: the referral's id and the change's id (derived from its content).</summary>
public sealed record ReferralChangeResponse(Guid ReferralId, Guid ChangeId);

/// <summary>The Jugendamt reported the completion to the court or prosecutor on <paramref name="ReportedOn"/>.</summary>
public sealed record CourtReportRequest(DateOnly? ReportedOn);

/// <summary>One referral in the list: ids, file reference, provider, status and dates; no personal data.</summary>
public sealed record ReferralListItem(
    Guid ReferralId,
    string FileReference,
    string ProviderId,
    ReferralStatus Status,
    DateOnly Deadline,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The list item as a query projection (the list reads only these columns).</summary>
    public static Expression<Func<Referral, ReferralListItem>> Projection { get; } =
        r => new ReferralListItem(r.Id, r.FileReference, r.ProviderId, r.Status, r.Deadline, r.SubmittedAt, r.AnsweredAt, r.UpdatedAt);

    private static readonly Func<Referral, ReferralListItem> Compiled = Projection.Compile();

    public static ReferralListItem From(Referral referral) => Compiled(referral);
}

/// <summary>
/// One referral for the Jugendamt's caseworkers: its state, figures, what the provider reported and its
/// history. The young person's name and contact data are not included (see docs/intake.md, "Reading the
/// ledger"). A part the provider has not reported yet is null.
/// </summary>
public sealed record ReferralDetail(
    Guid ReferralId,
    ReferralStatus Status,
    string ProviderId,
    string FileReference,
    string LegalBasis,
    decimal HoursOrdered,
    decimal HoursCompleted,
    DateOnly Deadline,
    IReadOnlyList<string> Flags,
    string? DeclineReason,
    string? DeclineNote,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? HoursReportedAt,
    DateOnly? LastShiftDate,
    IntakeMeetingView? Intake,
    PlacementView? Placement,
    NonComplianceView? NonCompliance,
    ExtensionRequestView? PendingExtensionRequest,
    AmendmentView? LastAmendment,
    DateOnly? CompletedOn,
    WithdrawalView? Withdrawal,
    RefusalView? Refusal,
    IReadOnlyList<ReferralHistoryItem> History)
{
    internal static ReferralDetail From(Referral r, IReadOnlyList<ReferralHistoryItem> history) => new(
        r.Id,
        r.Status,
        r.ProviderId,
        r.FileReference,
        r.LegalBasis,
        r.HoursOrdered,
        r.HoursCompleted,
        r.Deadline,
        r.Flags,
        r.DeclineReasonCode,
        r.DeclineNote,
        r.SubmittedAt,
        r.AnsweredAt,
        r.UpdatedAt,
        r.HoursReportedAt,
        r.LastShiftDate,
        r is { IntakeOutcome: { } outcome, IntakeMeetingDate: { } meeting } ? new IntakeMeetingView(outcome, meeting, r.IntakeNextAppointment) : null,
        r is { PlacementCategory: { } category, PlacementStartDate: { } start } ? new PlacementView(category, start) : null,
        r is { NonComplianceReasonCode: { } reason, NonComplianceReportedAt: { } reported }
            ? new NonComplianceView(reason, r.NonComplianceRemindedOn, r.NonComplianceRecommendation, reported)
            : null,
        r is { ExtensionReasonCode: { } extension, ExtensionProposedDeadline: { } proposed, ExtensionRequestedAt: { } requested }
            ? new ExtensionRequestView(extension, proposed, requested)
            : null,
        r is { CourtDecisionDate: { } decided, AmendedAt: { } amended } ? new AmendmentView(decided, amended) : null,
        r.CompletedOn,
        r is { WithdrawalReasonCode: { } withdrawal, WithdrawalEffectiveDate: { } effective, WithdrawalRequestedAt: { } asked }
            ? new WithdrawalView(withdrawal, effective, asked, r.WithdrawalOutcome, r.WithdrawalAcknowledgedAt)
            : null,
        r is { RefusalReasonCode: { } refusal, RefusedMessageType: { } refused, RefusedAt: { } refusedAt } ? new RefusalView(refusal, refused, refusedAt) : null,
        history);
}

/// <summary>The intake meeting as last reported: <c>SCHEDULED</c>, <c>HELD</c> or <c>MISSED</c>, its date and the next appointment.</summary>
public sealed record IntakeMeetingView(string Outcome, DateOnly MeetingDate, DateTimeOffset? NextAppointment);

/// <summary>The placement's category and start date (its name stays at the provider).</summary>
public sealed record PlacementView(string Category, DateOnly StartDate);

/// <summary>The provider's non-compliance report: reason code, reminder dates, recommendation.</summary>
public sealed record NonComplianceView(string ReasonCode, IReadOnlyList<DateOnly> RemindedOn, string? Recommendation, DateTimeOffset ReportedAt);

/// <summary>An extension request not yet answered by an amendment of the deadline.</summary>
public sealed record ExtensionRequestView(string ReasonCode, DateOnly ProposedDeadline, DateTimeOffset RequestedAt);

/// <summary>The last amendment the Jugendamt sent.</summary>
public sealed record AmendmentView(DateOnly CourtDecisionDate, DateTimeOffset AmendedAt);

/// <summary>The withdrawal the Jugendamt sent and, once acknowledged, the provider's outcome (<c>WITHDRAWN</c>, <c>ALREADY_COMPLETED</c>, <c>ALREADY_ENDED</c>).</summary>
public sealed record WithdrawalView(string ReasonCode, DateOnly EffectiveDate, DateTimeOffset RequestedAt, string? Outcome, DateTimeOffset? AcknowledgedAt);

public sealed record ReferralHistoryItem(DateTimeOffset Time, string Kind, string Actor, string Detail, Guid? MessageId);

/// <summary>The provider's last refusal of a command (<c>ReferralRefused</c>): one of <c>RefusalReasonCodes</c>, the refused message's type, when.</summary>
public sealed record RefusalView(string ReasonCode, string RefusedMessageType, DateTimeOffset RefusedAt);
