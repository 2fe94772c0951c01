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
}
