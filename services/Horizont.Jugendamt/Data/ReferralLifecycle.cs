using Horizont.Messages;

namespace Horizont.Jugendamt.Data;

/// <summary>
/// The rules of the referral's life that more than one place needs: which statuses have ended, how far
/// a case has got (so that a late event cannot move it back), and when the Jugendamt may still amend
/// or withdraw. The consumers and <c>ReferralChanges</c> state their own rules with these.
/// </summary>
public static class ReferralLifecycle
{
    /// <summary>Declined, Completed, Withdrawn, Closed: nothing the provider reports changes the referral any more.</summary>
    public static bool IsEnded(ReferralStatus status) =>
        status is ReferralStatus.Declined or ReferralStatus.Completed or ReferralStatus.Withdrawn or ReferralStatus.Closed;

    /// <summary>
    /// How far the case has got at the provider, for statuses that progress events move between:
    /// Submitted 0, Accepted 1, IntakeScheduled/IntakeMissed 2, IntakeHeld 3, Placed 4, InProgress 5,
    /// NonComplianceReported/AwaitingCourt 6. <see cref="ReferralStatus.Amended"/> counts as where the work
    /// stood, as the provider resumes after a court decision: InProgress when hours were worked, Placed when
    /// a placement is known, IntakeHeld when the intake meeting was held, else Accepted.
    /// <see cref="ReferralStatus.WithdrawalRequested"/> counts as the status it was requested from, and
    /// <see cref="ReferralStatus.Refused"/> as the status before the refused command.
    /// </summary>
    public static int Stage(Referral referral) => referral.Status switch
    {
        ReferralStatus.Amended => StageOf(WhereTheWorkStood(referral)),
        ReferralStatus.WithdrawalRequested or ReferralStatus.Refused => StageOf(referral.StatusBeforeChange ?? ReferralStatus.Submitted),
        var status => StageOf(status),
    };

    private static ReferralStatus WhereTheWorkStood(Referral referral) => referral switch
    {
        { HoursCompleted: > 0 } => ReferralStatus.InProgress,
        { PlacementCategory: not null } => ReferralStatus.Placed,
        { IntakeOutcome: IntakeOutcomeCodes.Held } => ReferralStatus.IntakeHeld,
        _ => ReferralStatus.Accepted,
    };

    /// <summary>
    /// Whether a progress event may move the referral to <paramref name="target"/>: it has not ended, no
    /// withdrawal is pending, and <paramref name="target"/> is not behind the case's <see cref="Stage"/>.
    /// </summary>
    public static bool CanMoveTo(Referral referral, ReferralStatus target) =>
        !IsEnded(referral.Status)
        && referral.Status != ReferralStatus.WithdrawalRequested
        && StageOf(target) >= Stage(referral);

    /// <summary>Sets a status reached through the provider: the Jugendamt's own last change is answered.</summary>
    public static void MoveTo(Referral referral, ReferralStatus status)
    {
        referral.Status = status;
        referral.StatusBeforeChange = null;
        if (IsEnded(status))
        {
            // Flags and a pending extension request only mean something while the hours are being worked.
            referral.Flags = [];
            ClearExtensionRequest(referral);
        }
    }

    /// <summary>Sets a status the Jugendamt's own change (or the provider's refusal of it) leads to, remembering how far the case had got.</summary>
    public static void ChangeTo(Referral referral, ReferralStatus status)
    {
        if (referral.Status is not (ReferralStatus.Amended or ReferralStatus.WithdrawalRequested or ReferralStatus.Refused))
            referral.StatusBeforeChange = referral.Status;
        referral.Status = status;
    }

    public static void ClearExtensionRequest(Referral referral)
    {
        referral.ExtensionReasonCode = null;
        referral.ExtensionProposedDeadline = null;
        referral.ExtensionRequestedAt = null;
    }

    /// <summary>Why an amendment is not possible now (German, for staff), or null when it is.</summary>
    public static string? WhyNotAmend(Referral referral) => referral.Status switch
    {
        ReferralStatus.Refused when referral.StatusBeforeChange is null or ReferralStatus.Submitted =>
            $"Die Übergabe wurde vom Träger zurückgewiesen ({Describe(referral.Status)}); der Träger führt keinen Fall dazu. "
            + "Bitte die Zuweisung korrigieren und neu übergeben.",
        ReferralStatus.Submitted =>
            $"Die Zuweisung ist vom Träger noch nicht angenommen ({Describe(referral.Status)}). Eine Änderung ist erst nach der Annahme möglich; "
            + "bis dahin kann die Zuweisung beendet und neu übergeben werden.",
        ReferralStatus.WithdrawalRequested =>
            $"Die Beendigung der Zuweisung ist beantragt ({Describe(referral.Status)}); sie kann nicht mehr geändert werden.",
        var status when IsEnded(status) =>
            $"Die Zuweisung ist bereits beendet ({Describe(status)}); sie kann nicht mehr geändert werden.",
        _ => null,
    };

    /// <summary>Why a withdrawal is not possible now (German, for staff), or null when it is.</summary>
    public static string? WhyNotWithdraw(Referral referral) => referral.Status switch
    {
        ReferralStatus.WithdrawalRequested =>
            $"Die Beendigung ist bereits beantragt ({Describe(referral.Status)}) und wartet auf die Bestätigung des Trägers.",
        var status when IsEnded(status) =>
            $"Die Zuweisung ist bereits beendet ({Describe(status)}); eine Beendigung ist nicht mehr möglich.",
        _ => null,
    };

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

    private static int StageOf(ReferralStatus status) => status switch
    {
        ReferralStatus.Submitted => 0,
        ReferralStatus.Accepted => 1,
        ReferralStatus.IntakeScheduled or ReferralStatus.IntakeMissed => 2,
        ReferralStatus.IntakeHeld => 3,
        ReferralStatus.Placed => 4,
        ReferralStatus.InProgress => 5,
        ReferralStatus.NonComplianceReported or ReferralStatus.AwaitingCourt => 6,
        _ => int.MaxValue,
    };
}
