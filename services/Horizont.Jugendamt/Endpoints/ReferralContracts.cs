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

/// <summary>One referral in the list: ids, file reference, provider, status and dates; no personal data.</summary>
public sealed record ReferralListItem(
    Guid ReferralId,
    string FileReference,
    string ProviderId,
    ReferralStatus Status,
    DateOnly Deadline,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// One referral for the Jugendamt's caseworkers: its state and history. The young person's name and
/// contact data are not included (see docs/intake.md, "Reading the ledger").
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
    IReadOnlyList<ReferralHistoryItem> History);

public sealed record ReferralHistoryItem(DateTimeOffset Time, string Kind, string Actor, string Detail, Guid? MessageId);
