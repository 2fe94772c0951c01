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
