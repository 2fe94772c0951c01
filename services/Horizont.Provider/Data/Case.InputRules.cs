using Horizont.Hosting;
using Horizont.Messages;

namespace Horizont.Provider.Data;

/// <summary>The rules for what staff enter on a step, as far as they depend on the case (the endpoint checks the format).</summary>
public sealed partial class Case
{
    /// <summary>
    /// Problems with an hours entry, keyed by the request's field names: at most <see cref="MaxHoursPerDay"/>
    /// per entry and per day, not in the future, not before the placement began, not more than the hours
    /// still open (unless a correction), and a correction may take hours back but never below 0.
    /// Needs <see cref="HourEntries"/> loaded.
    /// </summary>
    public IReadOnlyList<InputProblem> HoursEntryProblems(DateOnly date, decimal hours, bool correction, DateOnly today)
    {
        var problems = new List<InputProblem>();
        if (decimal.Round(hours, 2) != hours)
            problems.Add(new("hours", "Höchstens zwei Nachkommastellen."));
        if (hours > MaxHoursPerDay)
            problems.Add(new("hours", $"Höchstens {MaxHoursPerDay} Stunden je Eintrag."));
        if (!correction && hours <= 0)
            problems.Add(new("hours", "Die Stunden müssen größer als 0 sein; Stunden zurücknehmen geht nur als Korrektur (correction: true)."));
        if (correction && hours == 0)
            problems.Add(new("hours", "Eine Korrektur mit 0 Stunden ändert nichts."));
        if (date > today)
            problems.Add(new("date", $"Das Datum liegt in der Zukunft (heute ist der {GermanText.Date(today)})."));
        if (PlacementStartDate is { } start && date < start)
            problems.Add(new("date", $"Das Datum liegt vor dem Beginn bei der Einsatzstelle am {GermanText.Date(start)}."));

        var dayTotal = HourEntries.Where(e => e.Date == date).Sum(e => e.Hours) + hours;
        if (hours > 0 && hours <= MaxHoursPerDay && dayTotal > MaxHoursPerDay)
            problems.Add(new("hours", $"Am {GermanText.Date(date)} wären es zusammen {GermanText.Hours(dayTotal)} Stunden; höchstens {MaxHoursPerDay} Stunden am Tag."));
        if (!correction && hours > 0 && hours > HoursOpen)
            problems.Add(new("hours", $"Offen sind noch {GermanText.Hours(HoursOpen)} Stunden; mehr nur als Korrektur (correction: true)."));
        if (HoursCompleted + hours > ReferralLimits.MaxHours)
            problems.Add(new("hours", $"Zusammen wären es mehr als {ReferralLimits.MaxHours} Stunden, die höchstens angeordnet werden können."));
        if (HoursCompleted + hours < 0)
            problems.Add(new("hours", $"Die Korrektur würde die geleisteten Stunden unter 0 senken (bisher {GermanText.Hours(HoursCompleted)})."));
        return problems;
    }

    /// <summary>Problems with the date of a held or missed intake meeting: not before the appointment it records.</summary>
    public IReadOnlyList<InputProblem> IntakeOutcomeProblems(DateOnly date) =>
        IntakeAppointment is { } appointment && date < HorizontTime.DayOf(appointment)
            ? [new("date", $"Das Datum liegt vor dem vereinbarten Termin am {GermanText.Date(HorizontTime.DayOf(appointment))}.")]
            : [];

    /// <summary>Problems with a proposed deadline: it must lie after the deadline in force.</summary>
    public IReadOnlyList<InputProblem> ExtensionProblems(DateOnly proposedDeadline) =>
        proposedDeadline > Deadline
            ? []
            : [new("proposedDeadline", $"Die vorgeschlagene Frist muss nach der geltenden Frist ({GermanText.Date(Deadline)}) liegen.")];

    /// <summary>Problems with a completion date: not in the future, not before the last shift.</summary>
    public IReadOnlyList<InputProblem> CompletionProblems(DateOnly completedOn, DateOnly today)
    {
        var problems = new List<InputProblem>();
        if (completedOn > today)
            problems.Add(new("completedOn", $"Das Datum liegt in der Zukunft (heute ist der {GermanText.Date(today)})."));
        if (LastShiftDate is { } last && completedOn < last)
            problems.Add(new("completedOn", $"Das Datum liegt vor dem letzten Einsatz am {GermanText.Date(last)}."));
        return problems;
    }
}
