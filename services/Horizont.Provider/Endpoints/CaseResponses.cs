using System.Linq.Expressions;
using Horizont.Hosting;
using Horizont.Provider.Data;

namespace Horizont.Provider.Endpoints;

/// <summary>A case in the staff list (and the answer to a step): ids, status, figures and the young person's name.</summary>
public sealed record CaseSummary(
    Guid ReferralId,
    string FileReference,
    string JugendamtId,
    CaseState Status,
    decimal HoursOrdered,
    decimal HoursCompleted,
    DateOnly Deadline,
    IReadOnlyList<string> Flags,
    DateTimeOffset ReceivedAt,
    PersonName YoungPerson)
{
    /// <summary>The mapping, as an expression so that a query selects only these columns.</summary>
    public static readonly Expression<Func<Case, CaseSummary>> Projection = c =>
        new CaseSummary(c.ReferralId, c.FileReference, c.JugendamtId, c.State, c.HoursOrdered, c.HoursCompleted, c.Deadline,
            Case.FlagsOf(c.AtRisk, c.Overdue), c.ReceivedAt, new PersonName(c.YoungPerson.GivenName, c.YoungPerson.FamilyName));

    private static readonly Func<Case, CaseSummary> Map = Projection.Compile();

    public static CaseSummary From(Case c) => Map(c);
}

public sealed record PersonName(string GivenName, string FamilyName);

/// <summary>Everything staff see about one case.</summary>
/// <remarks>
/// <c>hoursCompleted</c> is the sum of <c>hourEntries</c>; <c>hoursOpen</c> the hours still to be worked (never below 0).
/// <c>flags</c> (<c>AT_RISK</c>, <c>OVERDUE</c>) are as computed at the case's last change. <c>canComplete</c> says whether
/// <c>POST …/complete</c> is allowed now. <c>nonComplianceGrounds</c> lists reasons to report non-compliance now (e.g.
/// <c>INTAKE_MISSED_TWICE</c>); <c>nonComplianceSuggested</c> is true when it is not empty. <c>pendingExtensionRequest</c>
/// is the extension request not yet answered by an amendment of the deadline.
/// </remarks>
public sealed record CaseDetail(
    Guid ReferralId,
    string FileReference,
    string JugendamtId,
    string ProviderId,
    CaseState Status,
    string LegalBasis,
    decimal HoursOrdered,
    decimal HoursCompleted,
    decimal HoursOpen,
    DateOnly Deadline,
    bool ConsequencesExplained,
    YoungPersonView YoungPerson,
    IReadOnlyList<string> WorkConstraints,
    string? Note,
    ContactView Caseworker,
    IReadOnlyList<string> Flags,
    bool CanComplete,
    IReadOnlyList<string> NonComplianceGrounds,
    bool NonComplianceSuggested,
    DateTimeOffset SubmittedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DeclinedAt,
    string? DeclineReasonCode,
    string? DeclineNote,
    IntakeView Intake,
    PlacementView? Placement,
    DateOnly? LastShiftDate,
    IReadOnlyList<HourEntryView> HourEntries,
    ExtensionRequestView? PendingExtensionRequest,
    NonComplianceView? NonCompliance,
    AmendmentView? LastAmendment,
    CompletionView? Completion,
    WithdrawalView? Withdrawal,
    IReadOnlyList<HistoryItem> History)
{
    /// <summary>The case with its <see cref="Case.History"/> and <see cref="Case.HourEntries"/> loaded.</summary>
    public static CaseDetail From(Case c)
    {
        var young = c.YoungPerson;
        var guardian = young.GuardianName is null ? null : new ContactView(young.GuardianName, young.GuardianPhone, Email: null);
        var grounds = c.NonComplianceGrounds;
        return new CaseDetail(
            c.ReferralId, c.FileReference, c.JugendamtId, c.ProviderId, c.State, c.LegalBasis,
            c.HoursOrdered, c.HoursCompleted, c.HoursOpen, c.Deadline, c.ConsequencesExplained,
            new YoungPersonView(young.GivenName, young.FamilyName, young.DateOfBirth, young.Phone, young.Email, young.Address, guardian),
            c.WorkConstraints, c.Note,
            new ContactView(c.Caseworker.Name, c.Caseworker.Phone, c.Caseworker.Email),
            c.Flags, c.CanComplete, grounds, grounds.Count > 0,
            c.SubmittedAt, c.ReceivedAt, c.AcceptedAt, c.DeclinedAt, c.DeclineReasonCode, c.DeclineNote,
            new IntakeView(
                c.IntakeAppointment is { } appointment ? TimeZoneInfo.ConvertTime(appointment, HorizontTime.Zone) : null,
                c.IntakeHeldOn, c.IntakeMissedCount, c.IntakeLastMissedOn),
            c.PlacementCategory is { } category
                ? new PlacementView(category, c.PlacementName ?? "", c.PlacementStartDate!.Value, c.PlacedAt!.Value, c.PlacementSiteId)
                : null,
            c.LastShiftDate,
            [.. c.HourEntries.OrderBy(e => e.Id).Select(e => new HourEntryView(e.Id, e.Date, e.Hours, e.Correction, e.Note, e.TotalAfter, e.RecordedAt, e.RecordedBy))],
            c.ExtensionProposedDeadline is { } proposed
                ? new ExtensionRequestView(c.ExtensionReasonCode!, proposed, c.ExtensionRequestedAt!.Value)
                : null,
            c.NonComplianceReportedAt is { } reportedAt
                ? new NonComplianceView(c.NonComplianceReasonCode!, c.NonComplianceRemindedOn ?? [], c.NonComplianceRecommendation, reportedAt)
                : null,
            c.LastCourtDecisionDate is { } decided ? new AmendmentView(decided, c.AmendedAt!.Value) : null,
            c.CompletedOn is { } completedOn ? new CompletionView(completedOn, c.CompletedAt!.Value) : null,
            c.WithdrawnAt is { } withdrawnAt ? new WithdrawalView(c.WithdrawalReasonCode!, c.WithdrawalEffectiveDate!.Value, withdrawnAt) : null,
            [.. c.History.OrderBy(h => h.Id).Select(h => new HistoryItem(h.Time, h.Kind, h.Actor, h.Detail, h.MessageId))]);
    }
}

public sealed record YoungPersonView(
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    string? Phone,
    string? Email,
    string? Address,
    ContactView? Guardian);

public sealed record ContactView(string Name, string? Phone, string? Email);

/// <summary>The intake meeting (Erstgespräch).</summary>
/// <param name="Appointment">The last appointment made, in German local time (with its offset).</param>
/// <param name="HeldOn">When the meeting was held.</param>
/// <param name="MissedCount">Meetings missed (since the last court decision that sent the case back to intake).</param>
/// <param name="LastMissedOn">When a meeting was last missed.</param>
public sealed record IntakeView(DateTimeOffset? Appointment, DateOnly? HeldOn, int MissedCount, DateOnly? LastMissedOn);

/// <summary>The placement (Einsatzstelle); its name stays at the provider.</summary>
public sealed record PlacementView(string Category, string Name, DateOnly StartDate, DateTimeOffset ArrangedAt, Guid? SiteId = null);

/// <summary>One hours entry; <paramref name="TotalAfter"/> is the running total reported to the Jugendamt after it.</summary>
public sealed record HourEntryView(long Id, DateOnly Date, decimal Hours, bool Correction, string? Note, decimal TotalAfter, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record ExtensionRequestView(string ReasonCode, DateOnly ProposedDeadline, DateTimeOffset RequestedAt);

public sealed record NonComplianceView(string ReasonCode, IReadOnlyList<DateOnly> RemindedOn, string? Recommendation, DateTimeOffset ReportedAt);

/// <summary>The last amendment applied: the court decision behind the hours and deadline in force.</summary>
public sealed record AmendmentView(DateOnly CourtDecisionDate, DateTimeOffset ReceivedAt);

public sealed record CompletionView(DateOnly CompletedOn, DateTimeOffset ReportedAt);

public sealed record WithdrawalView(string ReasonCode, DateOnly EffectiveDate, DateTimeOffset ReceivedAt);

public sealed record HistoryItem(DateTimeOffset Time, string Kind, string Actor, string Detail, Guid? MessageId);
