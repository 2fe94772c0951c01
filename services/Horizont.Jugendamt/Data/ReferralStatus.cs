namespace Horizont.Jugendamt.Data;

/// <summary>
/// The life of a referral as the Jugendamt's ledger sees it (stored as its name). Which message moves
/// it where is documented in docs/intake.md ("Statuses and transitions") and decided in
/// <see cref="ReferralStateMachine"/> (the table) and the referral's methods for each event and change.
/// </summary>
public enum ReferralStatus
{
    /// <summary>zugewiesen: handed over, no answer yet.</summary>
    Submitted,

    /// <summary>angenommen.</summary>
    Accepted,

    /// <summary>abgelehnt (ended).</summary>
    Declined,

    /// <summary>Erstgespräch terminiert.</summary>
    IntakeScheduled,

    /// <summary>Erstgespräch erfolgt.</summary>
    IntakeHeld,

    /// <summary>Erstgespräch versäumt (nicht erschienen); may be rescheduled.</summary>
    IntakeMissed,

    /// <summary>vermittelt (an einer Einsatzstelle).</summary>
    Placed,

    /// <summary>in Ableistung: hours are being reported.</summary>
    InProgress,

    /// <summary>Nichterfüllung gemeldet.</summary>
    NonComplianceReported,

    /// <summary>bei Justiz: waiting for the court after a non-compliance report.</summary>
    AwaitingCourt,

    /// <summary>geändert: the Jugendamt sent an amendment after a court decision; the provider's next report moves it on.</summary>
    Amended,

    /// <summary>Beendigung beantragt: the Jugendamt sent a withdrawal; the provider has not acknowledged it yet.</summary>
    WithdrawalRequested,

    /// <summary>
    /// Vom Träger zurückgewiesen: the provider could not take the Jugendamt's last command at all (its content or
    /// addressing broke the contract; <c>ReferralRefused</c>). Staff correct it and send again; until then the
    /// referral counts as the status it had before.
    /// </summary>
    Refused,

    /// <summary>erledigt (ended).</summary>
    Completed,

    /// <summary>beendet ohne Erfüllung (ended).</summary>
    Withdrawn,

    /// <summary>abgeschlossen (ended).</summary>
    Closed,
}
