using Horizont.Messages;
using Horizont.Hosting;

namespace Horizont.Jugendamt.Data;

/// <summary>The field's German words for a referral's statuses, as staff read them in texts and the API's problems.</summary>
public static class ReferralLabels
{
    /// <summary>"Stand Completed (erledigt)": the wire name staff see in the API, with the field's word.</summary>
    public static string Describe(ReferralStatus status) => $"Stand {status} ({Label(status)})";

    /// <summary>The field's German word for a status.</summary>
    public static string Label(ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted => "zugewiesen",
        ReferralStatus.Accepted => "angenommen",
        ReferralStatus.Declined => "abgelehnt",
        ReferralStatus.IntakeScheduled => "Erstgespräch terminiert",
        ReferralStatus.IntakeHeld => "Erstgespräch erfolgt",
        ReferralStatus.IntakeMissed => "Erstgespräch versäumt",
        ReferralStatus.Placed => "vermittelt",
        ReferralStatus.InProgress => "in Ableistung",
        ReferralStatus.NonComplianceReported => "Nichterfüllung gemeldet",
        ReferralStatus.AwaitingCourt => "bei Justiz",
        ReferralStatus.Amended => "geändert",
        ReferralStatus.WithdrawalRequested => "Beendigung beantragt",
        ReferralStatus.Refused => "vom Träger zurückgewiesen",
        ReferralStatus.Completed => "erledigt",
        ReferralStatus.Withdrawn => "beendet ohne Erfüllung",
        ReferralStatus.Closed => "abgeschlossen",
        _ => status.ToString(),
    };

    /// <summary>The German words for a legal basis code (domain.md), with the code for the ones not known here.</summary>
    public static string LegalBasis(string code) => CodeLabels.LegalBasis(code);

    /// <summary>The German word for a case flag the provider reported (<c>CaseFlagCodes</c>).</summary>
    public static string Flag(string code) => CodeLabels.Flag(code);

    /// <summary>The German title of a history entry: the message sent or received, or what happened to an input.</summary>
    public static string HistoryTitle(string kind) => kind switch
    {
        LedgerHistoryKinds.SubmitReferral => "Zuweisung übergeben",
        nameof(AmendReferral) => "Änderung gesendet",
        nameof(WithdrawReferral) => "Beendigung gesendet",
        nameof(ReferralAccepted) => "Zuweisung angenommen",
        nameof(ReferralDeclined) => "Zuweisung abgelehnt",
        nameof(IntakeMeetingRecorded) => "Erstgespräch gemeldet",
        nameof(PlacementArranged) => "Einsatzstelle vermittelt",
        nameof(HoursReported) => "Stunden gemeldet",
        nameof(NonComplianceReported) => "Nichterfüllung gemeldet",
        nameof(ExtensionRequested) => "Fristverlängerung beantragt",
        nameof(ReferralCompleted) => "Erledigung gemeldet",
        nameof(ReferralWithdrawalAcknowledged) => "Beendigung bestätigt",
        nameof(CaseFlagsChanged) => "Hinweise geändert",
        nameof(ReferralRefused) => "Vom Träger zurückgewiesen",
        nameof(ReferralErased) => "Löschung beim Träger",
        LedgerHistoryKinds.HandoverRepeated => "Zuweisung erneut übergeben (unverändert)",
        LedgerHistoryKinds.HandoverRefused => "Übergabe abgewiesen",
        LedgerHistoryKinds.AmendmentRepeated => "Änderung erneut gesendet (unverändert)",
        LedgerHistoryKinds.AmendmentRefused => "Änderung abgewiesen",
        LedgerHistoryKinds.WithdrawalRepeated => "Beendigung erneut gesendet (unverändert)",
        LedgerHistoryKinds.WithdrawalRefused => "Beendigung abgewiesen",
        LedgerHistoryKinds.FollowUpRaised => "Wiedervorlage",
        LedgerHistoryKinds.CourtReported => "Bericht an das Gericht",
        LedgerHistoryKinds.Erased => "Personenbezogene Daten gelöscht",
        _ => kind,
    };
}
