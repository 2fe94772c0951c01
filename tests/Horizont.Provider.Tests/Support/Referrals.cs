using Horizont.Hosting.Partners;
using Horizont.Messages;

namespace Horizont.Provider.Tests.Support;

/// <summary>Test data: the partners of the embedded defaults and referrals that keep the contract.</summary>
internal static class Referrals
{
    public const string Jugendamt = "ja-nordhausen";
    public const string Provider = "horizont-ev";
    public const string OtherProvider = "brueckenbau-ev";
    public const string OtherJugendamt = "ja-kyffhaeuser";

    // Distinctive enough that finding them in a log line cannot be a coincidence.
    public const string GivenName = "Malvina";
    public const string FamilyName = "Quastenberg";
    public const string Phone = "0176 5550123";
    public static readonly DateOnly DateOfBirth = new(2009, 4, 17);

    public static IReadOnlyList<Partner> Partners { get; } =
    [
        new() { Id = Jugendamt, Name = "Landratsamt Nordhausen, Jugendamt", Kind = AgencyKind.Jugendamt, FederalState = "TH" },
        new() { Id = Provider, Name = "Horizont e.V.", Kind = AgencyKind.Provider, FederalState = "TH" },
        new() { Id = OtherProvider, Name = "Brückenbau e.V.", Kind = AgencyKind.Provider, FederalState = "TH" },
        new() { Id = OtherJugendamt, Name = "Landratsamt Kyffhäuserkreis, Jugendamt", Kind = AgencyKind.Jugendamt, FederalState = "TH" },
    ];

    public static readonly DateOnly CourtDecisionDate = new(2026, 12, 10);

    /// <summary>An amendment from the referring Jugendamt; at least one of hours and deadline should be given.</summary>
    public static AmendReferral Amendment(Guid referralId, decimal? hoursOrdered = null, DateOnly? deadline = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = Jugendamt,
        ReceiverAgencyId = Provider,
        HoursOrdered = hoursOrdered,
        Deadline = deadline,
        CourtDecisionDate = CourtDecisionDate,
        AmendedAt = new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.Zero),
    };

    /// <summary>A withdrawal from the referring Jugendamt.</summary>
    public static WithdrawReferral Withdrawal(Guid referralId, string reasonCode = WithdrawalReasonCodes.MovedAway) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = Jugendamt,
        ReceiverAgencyId = Provider,
        ReasonCode = reasonCode,
        EffectiveDate = new DateOnly(2026, 12, 15),
        WithdrawnAt = new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.Zero),
    };

    public static SubmitReferral Valid(Guid? referralId = null) => new()
    {
        ReferralId = referralId ?? Guid.NewGuid(),
        SenderAgencyId = Jugendamt,
        ReceiverAgencyId = Provider,
        FileReference = "JGH-2026-0815",
        YoungPerson = new YoungPerson
        {
            GivenName = GivenName,
            FamilyName = FamilyName,
            DateOfBirth = DateOfBirth,
            Phone = Phone,
            Guardian = new Guardian { Name = "Ortrud Quastenberg", Phone = "03631 555000" },
        },
        LegalBasis = LegalBasisCodes.Jgg15,
        HoursOrdered = 40m,
        Deadline = new DateOnly(2027, 2, 1),
        ConsequencesExplained = true,
        WorkConstraints = [WorkConstraintCodes.SchoolHours, WorkConstraintCodes.NoAnimals],
        Note = "Schule bis 15 Uhr.",
        Caseworker = new ContactPerson { Name = "Frau Sachbearbeiterin", Phone = "03631 555100", Email = "jgh@example.org" },
        SubmittedAt = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
    };
}
