using Horizont.Messages;

namespace Horizont.Hosting;

/// <summary>
/// The German words staff read for the wire codes of domain.md, once for every page of both agencies. A code this
/// catalogue does not know is shown as it is, so that a newer partner's code is still visible rather than hidden.
/// </summary>
public static class CodeLabels
{
    /// <summary>Where an order comes from (<see cref="LegalBasisCodes"/>).</summary>
    public static string LegalBasis(string code) => code switch
    {
        LegalBasisCodes.Jgg10 => "Weisung des Gerichts (§ 10 JGG)",
        LegalBasisCodes.Jgg15 => "Auflage des Gerichts (§ 15 JGG)",
        LegalBasisCodes.Jgg45 => "Diversion durch die Staatsanwaltschaft (§ 45 JGG)",
        LegalBasisCodes.Jgg47 => "Diversion durch das Gericht (§ 47 JGG)",
        LegalBasisCodes.Owig98 => "Ordnungswidrigkeit (§ 98 OWiG)",
        _ => code,
    };

    /// <summary>Why a provider declines a referral (<see cref="DeclineReasonCodes"/>).</summary>
    public static string DeclineReason(string code) => code switch
    {
        DeclineReasonCodes.NoCapacity => "Keine freien Plätze",
        DeclineReasonCodes.NotResponsible => "Nicht zuständig",
        DeclineReasonCodes.ConflictOfInterest => "Interessenkonflikt",
        DeclineReasonCodes.Other => "Anderer Grund (bitte in der Anmerkung nennen)",
        _ => code,
    };

    /// <summary>The kind of placement, the only part of it the Jugendamt learns (<see cref="PlacementCategoryCodes"/>).</summary>
    public static string PlacementCategory(string code) => code switch
    {
        PlacementCategoryCodes.Social => "Soziale Einrichtung",
        PlacementCategoryCodes.Environment => "Umwelt- und Naturschutz",
        PlacementCategoryCodes.Sport => "Sportverein",
        PlacementCategoryCodes.Culture => "Kultur",
        PlacementCategoryCodes.Other => "Sonstige Einsatzstelle",
        _ => code,
    };

    /// <summary>Why the young person did not do the hours (<see cref="NonComplianceReasonCodes"/>).</summary>
    public static string NonComplianceReason(string code) => code switch
    {
        NonComplianceReasonCodes.NoShow => "Nicht erschienen",
        NonComplianceReasonCodes.UnexcusedAbsences => "Unentschuldigte Fehlzeiten",
        NonComplianceReasonCodes.DroppedOut => "Abgebrochen",
        NonComplianceReasonCodes.Unreachable => "Nicht erreichbar",
        _ => code,
    };

    /// <summary>Why a later deadline is asked for (<see cref="ExtensionReasonCodes"/>).</summary>
    public static string ExtensionReason(string code) => code switch
    {
        ExtensionReasonCodes.Illness => "Krankheit",
        ExtensionReasonCodes.SchoolOrWork => "Schule oder Arbeit",
        ExtensionReasonCodes.PlacementUnavailable => "Einsatzstelle nicht verfügbar",
        ExtensionReasonCodes.Other => "Anderer Grund",
        _ => code,
    };

    /// <summary>Why the Jugendamt ends a referral without the hours (<see cref="WithdrawalReasonCodes"/>).</summary>
    public static string WithdrawalReason(string code) => code switch
    {
        WithdrawalReasonCodes.ReleasedByCourt => "Vom Gericht erlassen",
        WithdrawalReasonCodes.MovedAway => "Verzogen",
        WithdrawalReasonCodes.ProceedingsDropped => "Verfahren eingestellt",
        WithdrawalReasonCodes.Other => "Anderer Grund",
        _ => code,
    };

    /// <summary>What the young person cannot do or when not (<see cref="WorkConstraintCodes"/>).</summary>
    public static string WorkConstraint(string code) => code switch
    {
        WorkConstraintCodes.SchoolHours => "Schulzeiten beachten",
        WorkConstraintCodes.WorkHours => "Arbeitszeiten beachten",
        WorkConstraintCodes.NoHeavyLifting => "Kein schweres Heben",
        WorkConstraintCodes.NoAnimals => "Keine Arbeit mit Tieren",
        WorkConstraintCodes.Accessibility => "Barrierefreiheit nötig",
        WorkConstraintCodes.Other => "Sonstige Einschränkung (siehe Anmerkung)",
        _ => code,
    };

    /// <summary>The overlay flags of a case in progress (<see cref="CaseFlagCodes"/>).</summary>
    public static string Flag(string code) => code switch
    {
        CaseFlagCodes.AtRisk => "gefährdet",
        CaseFlagCodes.Overdue => "überfällig",
        _ => code,
    };
}
