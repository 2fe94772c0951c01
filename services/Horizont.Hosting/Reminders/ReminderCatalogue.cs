namespace Horizont.Hosting.Reminders;

/// <summary>Which side of the handover runs a rule.</summary>
public enum ReminderSide
{
    Provider,
    Jugendamt,
}

/// <summary>How the day part of a rule's <c>After</c> is counted.</summary>
public enum ReminderCalendar
{
    /// <summary>Every day counts.</summary>
    CalendarDays,

    /// <summary>Only working days count: no Saturday, Sunday or public holiday of the agency's federal state.</summary>
    WorkingDays,
}

/// <summary>
/// The teams a reminder is addressed to; their e-mail addresses are settings
/// (<c>Smtp__Recipients__&lt;Team&gt;</c>).
/// </summary>
public static class ReminderTeams
{
    /// <summary>The provider's intake staff (Aufnahme).</summary>
    public const string ProviderIntake = "ProviderIntake";

    /// <summary>The provider's caseworkers (Fallverantwortliche).</summary>
    public const string ProviderCasework = "ProviderCasework";

    /// <summary>The provider's team lead (Teamleitung): escalations.</summary>
    public const string ProviderTeamLead = "ProviderTeamLead";

    /// <summary>The Jugendamt's caseworkers in Jugendhilfe im Strafverfahren.</summary>
    public const string JugendamtCasework = "JugendamtCasework";
}

/// <summary>
/// One reminder rule of domain.md ("Reminders and escalations"): its setting name, its default, who is told,
/// and the German title and text staff read. <see cref="FromDeadline"/> rules count <c>After</c> back from the
/// deadline instead of forward from the step that started them.
/// </summary>
public sealed record ReminderRule(
    string Name,
    ReminderSide Side,
    string Team,
    TimeSpan DefaultAfter,
    ReminderCalendar DefaultCalendar,
    string Title,
    string Text,
    bool FromDeadline = false);

/// <summary>Every rule Horizont knows, with the defaults of domain.md. docs/reminders.md lists the same table.</summary>
public static class ReminderCatalogue
{
    public const string UnansweredReferral = nameof(UnansweredReferral);
    public const string IntakeNotScheduled = nameof(IntakeNotScheduled);
    public const string IntakeMissed = nameof(IntakeMissed);
    public const string NoHoursLogged = nameof(NoHoursLogged);
    public const string BehindSchedule = nameof(BehindSchedule);
    public const string DeadlineApproaching = nameof(DeadlineApproaching);
    public const string ExtensionPrompt = nameof(ExtensionPrompt);
    public const string DeadlinePassed = nameof(DeadlinePassed);
    public const string ReportOverdue = nameof(ReportOverdue);
    public const string CourtReportAfterCompletion = nameof(CourtReportAfterCompletion);
    public const string NonComplianceFollowUp = nameof(NonComplianceFollowUp);
    public const string RefusedByProvider = nameof(RefusedByProvider);

    public static IReadOnlyList<ReminderRule> Provider { get; } =
    [
        new(UnansweredReferral, ReminderSide.Provider, ReminderTeams.ProviderIntake, TimeSpan.FromDays(3), ReminderCalendar.WorkingDays,
            "Zuweisung unbeantwortet",
            "Die Zuweisung ist weder angenommen noch abgelehnt. Bitte über die Annahme entscheiden; das Jugendamt sieht sie als unbeantwortet."),
        new(IntakeNotScheduled, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.FromDays(14), ReminderCalendar.CalendarDays,
            "Erstgespräch nicht terminiert",
            "Die Zuweisung ist angenommen, aber es ist noch kein Erstgespräch terminiert."),
        new(IntakeMissed, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.FromDays(7), ReminderCalendar.CalendarDays,
            "Erstgespräch versäumt: neuer Termin fehlt",
            "Der junge Mensch ist nicht zum Erstgespräch erschienen, und es ist kein neuer Termin vereinbart. Ein neuer Termin ist einmal möglich; nach dem zweiten Versäumnis ist die Nichterfüllung zu melden."),
        new(NoHoursLogged, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.FromDays(14), ReminderCalendar.CalendarDays,
            "Keine Stunden erfasst",
            "Seit der Vermittlung oder der letzten Stundenerfassung sind keine Stunden erfasst worden. Bitte den Stundenzettel bei der Einsatzstelle anfordern."),
        new(BehindSchedule, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.Zero, ReminderCalendar.CalendarDays,
            "Ableistung gefährdet",
            "Die Hälfte der Frist ist verstrichen, aber weniger als die Hälfte der Stunden ist geleistet. Der Fall ist als gefährdet markiert; das Jugendamt ist informiert."),
        new(DeadlineApproaching, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.FromDays(28), ReminderCalendar.CalendarDays,
            "Frist endet bald",
            "Die Frist endet bald, und es sind noch Stunden offen.", FromDeadline: true),
        new(ExtensionPrompt, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.FromDays(14), ReminderCalendar.CalendarDays,
            "Fristverlängerung prüfen",
            "Die Frist endet bald, und es sind noch Stunden offen. Bitte prüfen, ob beim Jugendamt eine Fristverlängerung beantragt werden soll.", FromDeadline: true),
        new(DeadlinePassed, ReminderSide.Provider, ReminderTeams.ProviderCasework, TimeSpan.Zero, ReminderCalendar.CalendarDays,
            "Frist abgelaufen",
            "Die Frist ist abgelaufen, und es sind noch Stunden offen. Der Fall ist als überfällig markiert; das Jugendamt ist informiert. Bitte binnen 5 Arbeitstagen einen Sachstand oder die Nichterfüllung melden."),
        new(ReportOverdue, ReminderSide.Provider, ReminderTeams.ProviderTeamLead, TimeSpan.FromDays(5), ReminderCalendar.WorkingDays,
            "Eskalation: Meldung an das Jugendamt überfällig",
            "Die Frist ist abgelaufen, und seitdem ist dem Jugendamt weder ein Sachstand noch die Nichterfüllung gemeldet worden."),
    ];

    public static IReadOnlyList<ReminderRule> Jugendamt { get; } =
    [
        new(UnansweredReferral, ReminderSide.Jugendamt, ReminderTeams.JugendamtCasework, TimeSpan.FromDays(3), ReminderCalendar.WorkingDays,
            "Zuweisung vom Träger unbeantwortet",
            "Der Träger hat die Zuweisung weder angenommen noch abgelehnt. Bitte beim Träger nachfragen."),
        new(CourtReportAfterCompletion, ReminderSide.Jugendamt, ReminderTeams.JugendamtCasework, TimeSpan.FromDays(7), ReminderCalendar.CalendarDays,
            "Bericht an das Gericht fällig",
            "Der Träger hat die Erledigung gemeldet, und der Bericht an das Gericht bzw. die Staatsanwaltschaft ist noch nicht erfasst. Bitte berichten und den Bericht in Horizont erfassen."),
        new(NonComplianceFollowUp, ReminderSide.Jugendamt, ReminderTeams.JugendamtCasework, TimeSpan.FromDays(28), ReminderCalendar.CalendarDays,
            "Nachfassen: Entscheidung des Gerichts steht aus",
            "Der Träger hat die Nichterfüllung gemeldet; eine Entscheidung des Gerichts ist noch nicht eingegangen. Bitte bei Gericht bzw. Staatsanwaltschaft nachfassen."),
        new(RefusedByProvider, ReminderSide.Jugendamt, ReminderTeams.JugendamtCasework, TimeSpan.FromDays(1), ReminderCalendar.WorkingDays,
            "Vom Träger zurückgewiesen",
            "Der Träger konnte die Übergabe, Änderung oder Beendigung nicht annehmen (Grund und Felder stehen im Verlauf der Zuweisung). Bitte korrigieren und erneut senden."),
    ];

    /// <summary>Every rule name a setting may use (both sides).</summary>
    public static IReadOnlySet<string> Names { get; } = Provider.Concat(Jugendamt).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    public static ReminderRule Find(ReminderSide side, string name) =>
        (side == ReminderSide.Provider ? Provider : Jugendamt).FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"No {side} reminder rule of that name.");
}
