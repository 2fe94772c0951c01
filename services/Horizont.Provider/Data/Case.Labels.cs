using System.Globalization;
using Horizont.Hosting;
using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>The German words staff read about a case: the labels of its states and steps, times and hours.</summary>
public sealed partial class Case
{
    /// <summary>German label of a state, as the staff pages show it.</summary>
    public static string StateLabel(CaseState state) => state switch
    {
        Submitted => "zugewiesen",
        Accepted => "angenommen",
        Declined => "abgelehnt",
        IntakeScheduled => "Erstgespräch terminiert",
        IntakeMissed => "nicht erschienen",
        IntakeHeld => "Erstgespräch erfolgt",
        Placed => "vermittelt",
        InProgress => "in Ableistung",
        CaseState.NonComplianceReported => "Nichterfüllung gemeldet",
        Completed => "erledigt",
        Withdrawn => "beendet ohne Erfüllung",
        Closed => "abgeschlossen",
        _ => state.ToString(),
    };

    /// <summary>German title of a history entry (<see cref="CaseHistoryKinds"/>), as the case's timeline shows it.</summary>
    public static string HistoryTitle(string kind) => kind switch
    {
        CaseHistoryKinds.ReferralReceived => "Zuweisung eingegangen",
        CaseHistoryKinds.DuplicateReceived => "Nachricht erneut eingegangen (unverändert)",
        CaseHistoryKinds.Accepted => "Zuweisung angenommen",
        CaseHistoryKinds.Declined => "Zuweisung abgelehnt",
        CaseHistoryKinds.MessageSent => "Nachricht an das Jugendamt",
        CaseHistoryKinds.IntakeScheduled => "Erstgespräch terminiert",
        CaseHistoryKinds.IntakeHeld => "Erstgespräch geführt",
        CaseHistoryKinds.IntakeMissed => "Erstgespräch versäumt",
        CaseHistoryKinds.PlacementArranged => "Einsatzstelle vermittelt",
        CaseHistoryKinds.HoursLogged => "Stunden erfasst",
        CaseHistoryKinds.NonComplianceReported => "Nichterfüllung gemeldet",
        CaseHistoryKinds.ExtensionRequested => "Fristverlängerung beantragt",
        CaseHistoryKinds.Completed => "Erledigung gemeldet",
        CaseHistoryKinds.ReminderRaised => "Erinnerung",
        CaseHistoryKinds.FlagsChanged => "Hinweise geändert",
        CaseHistoryKinds.AmendmentReceived => "Änderung vom Jugendamt",
        CaseHistoryKinds.WithdrawalReceived => "Beendigung durch das Jugendamt",
        CaseHistoryKinds.Erased => "Personenbezogene Daten gelöscht",
        _ => kind,
    };

    /// <summary>The German name of a step, as forms and refusals name it.</summary>
    public static string StepName(CaseStep step) => StepLabel(step);

    private static string StepLabel(CaseStep step) => step switch
    {
        CaseStep.Accept => "Annehmen",
        CaseStep.Decline => "Ablehnen",
        CaseStep.ScheduleIntake => "Ein Erstgespräch terminieren",
        CaseStep.RecordIntakeHeld => "Das Erstgespräch als geführt erfassen",
        CaseStep.RecordIntakeMissed => "Das Erstgespräch als versäumt erfassen",
        CaseStep.ArrangePlacement => "Eine Einsatzstelle vermitteln",
        CaseStep.LogHours => "Stunden erfassen",
        CaseStep.ReportNonCompliance => "Nichterfüllung melden",
        CaseStep.RequestExtension => "Fristverlängerung beantragen",
        CaseStep.Complete => "Als erledigt melden",
        CaseStep.Amend => "Ändern",
        CaseStep.Withdraw => "Beenden",
        _ => step.ToString(),
    };

    private static string AllowedIn(CaseStep step) =>
        string.Join(", ", Transitions.Where(t => t.Step == step).Select(t => t.From).Distinct().Select(s => $"„{StateLabel(s)}“"));

    private static string Time(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, HorizontTime.Zone).ToString("dd.MM.yyyy, HH:mm 'Uhr'", CultureInfo.InvariantCulture);

    private static string SignedHours(decimal hours) => hours > 0 ? "+" + GermanText.Hours(hours) : GermanText.Hours(hours);
}
