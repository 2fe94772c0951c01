using System.Linq.Expressions;
using Horizont.Provider.Data;

namespace Horizont.Provider.Endpoints;

/// <summary>A case in the staff list (and the answer to a step): ids, status, figures and the young person's name.</summary>
public sealed record CaseSummary(
    Guid ReferralId,
    string FileReference,
    string JugendamtId,
    CaseState Status,
    decimal HoursOrdered,
    DateOnly Deadline,
    DateTimeOffset ReceivedAt,
    PersonName YoungPerson)
{
    /// <summary>The mapping, as an expression so that a query selects only these columns.</summary>
    public static readonly Expression<Func<Case, CaseSummary>> Projection = c =>
        new CaseSummary(c.ReferralId, c.FileReference, c.JugendamtId, c.State, c.HoursOrdered, c.Deadline, c.ReceivedAt,
            new PersonName(c.YoungPerson.GivenName, c.YoungPerson.FamilyName));

    private static readonly Func<Case, CaseSummary> Map = Projection.Compile();

    public static CaseSummary From(Case c) => Map(c);
}

public sealed record PersonName(string GivenName, string FamilyName);

/// <summary>Request body of <c>POST /provider/api/cases/{referralId}/decline</c>.</summary>
public sealed record DeclineRequest(string? ReasonCode, string? Note);

/// <summary>Everything staff see about one case.</summary>
public sealed record CaseDetail(
    Guid ReferralId,
    string FileReference,
    string JugendamtId,
    string ProviderId,
    CaseState Status,
    string LegalBasis,
    decimal HoursOrdered,
    decimal HoursCompleted,
    DateOnly Deadline,
    bool ConsequencesExplained,
    YoungPersonView YoungPerson,
    IReadOnlyList<string> WorkConstraints,
    string? Note,
    ContactView Caseworker,
    IReadOnlyList<string> Flags,
    DateTimeOffset SubmittedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DeclinedAt,
    string? DeclineReasonCode,
    string? DeclineNote,
    IReadOnlyList<HistoryItem> History)
{
    public static CaseDetail From(Case c)
    {
        var young = c.YoungPerson;
        var guardian = young.GuardianName is null ? null : new ContactView(young.GuardianName, young.GuardianPhone, Email: null);
        return new CaseDetail(
            c.ReferralId, c.FileReference, c.JugendamtId, c.ProviderId, c.State, c.LegalBasis, c.HoursOrdered,
            HoursCompleted: 0m, // hours are logged by a later issue
            c.Deadline, c.ConsequencesExplained,
            new YoungPersonView(young.GivenName, young.FamilyName, young.DateOfBirth, young.Phone, young.Email, young.Address, guardian),
            c.WorkConstraints, c.Note,
            new ContactView(c.Caseworker.Name, c.Caseworker.Phone, c.Caseworker.Email),
            Flags: [], // AtRisk and Overdue come with the reminder rules
            c.SubmittedAt, c.ReceivedAt, c.AcceptedAt, c.DeclinedAt, c.DeclineReasonCode, c.DeclineNote,
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

public sealed record HistoryItem(DateTimeOffset Time, string Kind, string Actor, string Detail, Guid? MessageId);
