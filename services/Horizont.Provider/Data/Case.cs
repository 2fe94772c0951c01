using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Horizont.Hosting;
using Horizont.Messages;
using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>Where a case stands at the provider (domain.md, "The life of a referral"). Stored by name.</summary>
public enum CaseState
{
    Submitted,
    Accepted,
    Declined,
    IntakeScheduled,
    /// <summary>The young person did not come to the intake meeting (nicht erschienen).</summary>
    IntakeMissed,
    IntakeHeld,
    Placed,
    InProgress,
    NonComplianceReported,
    Completed,
    Withdrawn,
    /// <summary>Not reached yet: closing and erasure come with the retention issue.</summary>
    Closed,
}

/// <summary>A step staff (or a partner's message) can take on a case; <see cref="Case.WhyNot"/> says whether it is allowed.</summary>
public enum CaseStep
{
    Accept,
    Decline,
    ScheduleIntake,
    RecordIntakeHeld,
    RecordIntakeMissed,
    ArrangePlacement,
    LogHours,
    ReportNonCompliance,
    RequestExtension,
    Complete,
    /// <summary>The Jugendamt's <see cref="AmendReferral"/> after a court decision.</summary>
    Amend,
    /// <summary>The Jugendamt's <see cref="WithdrawReferral"/>.</summary>
    Withdraw,
}

/// <summary>One row of the state machine: <see cref="Step"/> may be taken in <see cref="From"/> and leads to <see cref="To"/>.</summary>
public sealed record Transition(CaseStep Step, CaseState From, CaseState To);

/// <summary>A rule an input broke, keyed by the request field's wire name; the message is German, for staff.</summary>
public sealed record InputProblem(string Field, string Message);

/// <summary>Why staff should consider reporting non-compliance now (shown on the case, not sent anywhere).</summary>
public static class NonComplianceGroundCodes
{
    /// <summary>The intake meeting was missed twice: domain.md, "a second miss prompts a non-compliance report".</summary>
    public const string IntakeMissedTwice = "INTAKE_MISSED_TWICE";
}

/// <summary>
/// A referral received from a Jugendamt and everything the provider did with it. Its state changes only
/// through the methods below, which check <see cref="WhyNot"/> first: the transition rules live here,
/// in <see cref="Transitions"/> and <see cref="Guard"/>, and the rules for logged hours in
/// <see cref="HoursEntryProblems"/>.
/// </summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Case is the domain's word; no Visual Basic code consumes this type.")]
public sealed class Case
{
    /// <summary>Hours one entry (one shift) may add, and hours one day may hold.</summary>
    public const int MaxHoursPerDay = 10;

    /// <summary>Missed intake meetings after which no further appointment is made: non-compliance is to be reported.</summary>
    public const int MaxIntakeMisses = 2;



    private Case()
    {
    }

    /// <summary>
    /// The whole state machine. A step is allowed only in a state listed here for it (and only when its
    /// <see cref="Guard"/> has no objection); it leads to the state in the same row.
    /// </summary>
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new(CaseStep.Accept, Submitted, Accepted),
        new(CaseStep.Decline, Submitted, Declined),
        new(CaseStep.ScheduleIntake, Accepted, IntakeScheduled),
        new(CaseStep.ScheduleIntake, IntakeMissed, IntakeScheduled), // guard: once; a second miss calls for a non-compliance report
        new(CaseStep.RecordIntakeHeld, IntakeScheduled, IntakeHeld),
        new(CaseStep.RecordIntakeMissed, IntakeScheduled, IntakeMissed),
        new(CaseStep.ArrangePlacement, IntakeHeld, Placed),
        new(CaseStep.ArrangePlacement, Placed, Placed), // another placement before the first shift
        new(CaseStep.ArrangePlacement, InProgress, InProgress), // another placement while hours are being worked
        new(CaseStep.LogHours, Placed, InProgress), // the first entry
        new(CaseStep.LogHours, InProgress, InProgress),
        .. Each(CaseStep.ReportNonCompliance, [IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress], CaseState.NonComplianceReported),
        .. Stays(CaseStep.RequestExtension, [IntakeHeld, Placed, InProgress, CaseState.NonComplianceReported]),
        new(CaseStep.Complete, InProgress, Completed), // guard: hours completed ≥ hours ordered
        .. Stays(CaseStep.Amend, [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress]),
        // Amended (domain.md, 7.): after the court decided, a reported case resumes where the work stood.
        new(CaseStep.Amend, CaseState.NonComplianceReported, InProgress), // hours were logged
        new(CaseStep.Amend, CaseState.NonComplianceReported, Placed), // placed, no hours yet
        new(CaseStep.Amend, CaseState.NonComplianceReported, IntakeHeld), // intake held, not placed yet
        new(CaseStep.Amend, CaseState.NonComplianceReported, Accepted), // no intake held: a new intake meeting is scheduled
        .. Each(CaseStep.Withdraw, [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress, CaseState.NonComplianceReported], Withdrawn),
    ];

    /// <summary>The Jugendamt's pseudonymous referral id; the case's key.</summary>
    public Guid ReferralId { get; private set; }

    /// <summary>The agency id of the Jugendamt that referred; every answer goes back to it.</summary>
    public string JugendamtId { get; private set; } = "";

    /// <summary>The agency id of this provider, as the referral addressed it.</summary>
    public string ProviderId { get; private set; } = "";

    /// <summary>The Jugendamt's file reference (Aktenzeichen).</summary>
    public string FileReference { get; private set; } = "";

    public YoungPersonDetails YoungPerson { get; private set; } = null!;

    /// <summary>One of <see cref="LegalBasisCodes"/>.</summary>
    public string LegalBasis { get; private set; } = "";

    /// <summary>As referred, or as the last amendment set it.</summary>
    public decimal HoursOrdered { get; private set; }

    /// <summary>As referred, or as the last amendment set it.</summary>
    public DateOnly Deadline { get; private set; }

    public bool ConsequencesExplained { get; private set; }

    /// <summary>Codes from <see cref="WorkConstraintCodes"/>.</summary>
    public List<string> WorkConstraints { get; private set; } = [];

    /// <summary>The Jugendamt's short note about the work constraints.</summary>
    public string? Note { get; private set; }

    /// <summary>The Jugendamt's contact person for this referral.</summary>
    public ContactDetails Caseworker { get; private set; } = null!;

    public CaseState State { get; private set; }

    /// <summary>When the Jugendamt submitted the referral (its clock).</summary>
    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>When this provider received it (our clock).</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? DeclinedAt { get; private set; }

    /// <summary>One of <see cref="DeclineReasonCodes"/> once declined.</summary>
    public string? DeclineReasonCode { get; private set; }

    public string? DeclineNote { get; private set; }

    /// <summary>The last intake appointment made (UTC).</summary>
    public DateTimeOffset? IntakeAppointment { get; private set; }

    /// <summary>How often the young person missed the intake meeting (since the last court decision, see <see cref="Amend"/>).</summary>
    public int IntakeMissedCount { get; private set; }

    public DateOnly? IntakeLastMissedOn { get; private set; }

    public DateOnly? IntakeHeldOn { get; private set; }

    /// <summary>One of <see cref="PlacementCategoryCodes"/>; the only thing about the placement the Jugendamt learns.</summary>
    public string? PlacementCategory { get; private set; }

    /// <summary>The Einsatzstelle's name; stays at the provider.</summary>
    public string? PlacementName { get; private set; }

    public DateOnly? PlacementStartDate { get; private set; }

    public DateTimeOffset? PlacedAt { get; private set; }

    /// <summary>The sum of <see cref="HourEntries"/>, kept with the case so the list and the concurrency check see it.</summary>
    public decimal HoursCompleted { get; private set; }

    /// <summary>The latest date on which hours were worked (an entry with positive hours).</summary>
    public DateOnly? LastShiftDate { get; private set; }

    /// <summary>More than half the period gone with less than half the hours done (computed on every change).</summary>
    public bool AtRisk { get; private set; }

    /// <summary>The deadline passed with hours outstanding (computed on every change).</summary>
    public bool Overdue { get; private set; }

    /// <summary>One of <see cref="NonComplianceReasonCodes"/>, once reported.</summary>
    public string? NonComplianceReasonCode { get; private set; }

    public List<DateOnly>? NonComplianceRemindedOn { get; private set; }

    public string? NonComplianceRecommendation { get; private set; }

    public DateTimeOffset? NonComplianceReportedAt { get; private set; }

    /// <summary>One of <see cref="ExtensionReasonCodes"/> while an extension request is pending.</summary>
    public string? ExtensionReasonCode { get; private set; }

    public DateOnly? ExtensionProposedDeadline { get; private set; }

    public DateTimeOffset? ExtensionRequestedAt { get; private set; }

    public DateOnly? CompletedOn { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The court decision of the last amendment applied.</summary>
    public DateOnly? LastCourtDecisionDate { get; private set; }

    public DateTimeOffset? AmendedAt { get; private set; }

    /// <summary>One of <see cref="WithdrawalReasonCodes"/> once withdrawn.</summary>
    public string? WithdrawalReasonCode { get; private set; }

    public DateOnly? WithdrawalEffectiveDate { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>When the case entered its current <see cref="State"/> (the start of the reminder rules that wait on a state).</summary>
    public DateTimeOffset StateSince { get; private set; }

    /// <summary>When hours were last logged (any entry, corrections included).</summary>
    public DateTimeOffset? HoursLoggedAt { get; private set; }

    /// <summary>When staff last reported the state of the work to the Jugendamt (hours, extension request, non-compliance, completion).</summary>
    public DateTimeOffset? StatusReportedAt { get; private set; }

    /// <summary>Optimistic concurrency: every change raises it, so two members of staff cannot both move the case from the same state.</summary>
    public int Version { get; private set; }

    /// <summary>What happened to the case, oldest first by <see cref="CaseHistoryEntry.Id"/>.</summary>
    public List<CaseHistoryEntry> History { get; private set; } = [];

    /// <summary>Every hours entry, corrections included, oldest first by <see cref="HourEntry.Id"/>; they add up to <see cref="HoursCompleted"/>.</summary>
    public List<HourEntry> HourEntries { get; private set; } = [];

    /// <summary>States in which the hours are still ahead: the flags are kept up to date and the deadline reminders watch.</summary>
    public static IReadOnlyList<CaseState> WorkingStates { get; } = [Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress];

    /// <summary>The hours are still ahead (<see cref="WorkingStates"/>).</summary>
    public bool IsWorking => WorkingStates.Contains(State);

    /// <summary>The first day on which more than half the period (acceptance, or receipt, to deadline) is gone: AT_RISK may start.</summary>
    public DateOnly? HalfTimePassedOn
    {
        get
        {
            var start = HorizontTime.DayOf(AcceptedAt ?? ReceivedAt);
            var period = Deadline.DayNumber - start.DayNumber;
            return period > 0 ? start.AddDays((period / 2) + 1) : null;
        }
    }

    /// <summary>The end of the deadline day in Germany: from then on the case is OVERDUE while hours are open.</summary>
    public DateTimeOffset DeadlineEnd => HorizontTime.StartOf(Deadline.AddDays(1));

    /// <summary>Codes from <see cref="CaseFlagCodes"/> as of the last change.</summary>
    public IReadOnlyList<string> Flags => FlagsOf(AtRisk, Overdue);

    /// <summary>Hours still to be worked (never below 0, even when an amendment lowered the order below the hours done).</summary>
    public decimal HoursOpen => Math.Max(0m, HoursOrdered - HoursCompleted);

    public bool CanComplete => WhyNot(CaseStep.Complete) is null;

    /// <summary>Codes from <see cref="NonComplianceGroundCodes"/>: reasons to report non-compliance now.</summary>
    public IReadOnlyList<string> NonComplianceGrounds =>
        State == IntakeMissed && IntakeMissedCount >= MaxIntakeMisses ? [NonComplianceGroundCodes.IntakeMissedTwice] : [];

    /// <summary>A new case from a referral that passed validation.</summary>
    public static Case Receive(SubmitReferral referral, Guid messageId, DateTimeOffset now)
    {
        var young = referral.YoungPerson;
        var @case = new Case
        {
            ReferralId = referral.ReferralId,
            JugendamtId = referral.SenderAgencyId,
            ProviderId = referral.ReceiverAgencyId,
            FileReference = referral.FileReference,
            YoungPerson = new YoungPersonDetails
            {
                GivenName = young.GivenName,
                FamilyName = young.FamilyName,
                DateOfBirth = young.DateOfBirth,
                Phone = young.Phone,
                Email = young.Email,
                Address = young.Address,
                GuardianName = young.Guardian?.Name,
                GuardianPhone = young.Guardian?.Phone,
            },
            LegalBasis = referral.LegalBasis,
            HoursOrdered = referral.HoursOrdered,
            Deadline = referral.Deadline,
            ConsequencesExplained = referral.ConsequencesExplained,
            WorkConstraints = [.. referral.WorkConstraints ?? []],
            Note = referral.Note,
            Caseworker = new ContactDetails
            {
                Name = referral.Caseworker.Name,
                Phone = referral.Caseworker.Phone,
                Email = referral.Caseworker.Email,
            },
            State = Submitted,
            StateSince = now,
            SubmittedAt = referral.SubmittedAt,
            ReceivedAt = now,
        };
        @case.Record(now, CaseHistoryKinds.ReferralReceived, referral.SenderAgencyId,
            $"Zuweisung von {referral.SenderAgencyId} erhalten.", messageId);
        return @case;
    }

    public static IReadOnlyList<string> FlagsOf(bool atRisk, bool overdue) =>
        (atRisk, overdue) switch
        {
            (true, true) => [CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue],
            (true, false) => [CaseFlagCodes.AtRisk],
            (false, true) => [CaseFlagCodes.Overdue],
            _ => [],
        };

    /// <summary>Null when <paramref name="step"/> is allowed now; otherwise the German reason staff see.</summary>
    public string? WhyNot(CaseStep step)
    {
        if (Transitions.Any(t => t.Step == step && t.From == State))
            return Guard(step);
        return State switch
        {
            Declined => "Die Zuweisung ist bereits abgelehnt.",
            Withdrawn => "Die Zuweisung wurde vom Jugendamt beendet.",
            Completed => "Der Fall ist bereits erledigt.",
            Closed => "Der Fall ist abgeschlossen.",
            _ when step is CaseStep.Accept or CaseStep.Decline => "Die Zuweisung ist bereits angenommen.",
            CaseState.NonComplianceReported => $"{StepLabel(step)} ist nicht möglich: Die Nichterfüllung ist gemeldet; es geht erst nach einer Entscheidung des Gerichts (Änderung durch das Jugendamt) weiter.",
            _ => $"{StepLabel(step)} ist im Status „{StateLabel(State)}“ nicht möglich; möglich im Status {AllowedIn(step)}.",
        };
    }

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

    /// <summary>Staff accepted the referral.</summary>
    public void Accept(DateTimeOffset now, string actor)
    {
        Check(CaseStep.Accept);
        AcceptedAt = now;
        MoveTo(CaseStep.Accept, Accepted, now);
        Record(now, CaseHistoryKinds.Accepted, actor, "Zuweisung angenommen.");
    }

    /// <summary>Staff declined the referral with a reason code (validated by the caller) and an optional note.</summary>
    public void Decline(DateTimeOffset now, string actor, string reasonCode, string? note)
    {
        Check(CaseStep.Decline);
        DeclinedAt = now;
        DeclineReasonCode = reasonCode;
        DeclineNote = note;
        MoveTo(CaseStep.Decline, Declined, now);
        // The note stays out of the history: it is free text and may name people.
        Record(now, CaseHistoryKinds.Declined, actor, $"Zuweisung abgelehnt ({reasonCode}).");
    }

    /// <summary>Staff made an intake appointment (first, or the one allowed after a missed meeting).</summary>
    public void ScheduleIntake(DateTimeOffset now, string actor, DateTimeOffset appointment)
    {
        Check(CaseStep.ScheduleIntake);
        var again = State == IntakeMissed;
        IntakeAppointment = appointment.ToUniversalTime();
        MoveTo(CaseStep.ScheduleIntake, IntakeScheduled, now);
        Record(now, CaseHistoryKinds.IntakeScheduled, actor,
            $"Erstgespräch {(again ? "neu " : "")}terminiert auf {Time(appointment)}.");
    }

    public void RecordIntakeHeld(DateTimeOffset now, string actor, DateOnly heldOn)
    {
        Check(CaseStep.RecordIntakeHeld);
        IntakeHeldOn = heldOn;
        MoveTo(CaseStep.RecordIntakeHeld, IntakeHeld, now);
        Record(now, CaseHistoryKinds.IntakeHeld, actor, $"Erstgespräch am {GermanText.Date(heldOn)} geführt.");
    }

    public void RecordIntakeMissed(DateTimeOffset now, string actor, DateOnly missedOn)
    {
        Check(CaseStep.RecordIntakeMissed);
        IntakeMissedCount++;
        IntakeLastMissedOn = missedOn;
        MoveTo(CaseStep.RecordIntakeMissed, IntakeMissed, now);
        Record(now, CaseHistoryKinds.IntakeMissed, actor,
            IntakeMissedCount >= MaxIntakeMisses
                ? $"Zum Erstgespräch am {GermanText.Date(missedOn)} nicht erschienen ({IntakeMissedCount}. Mal): Grund für eine Meldung der Nichterfüllung."
                : $"Zum Erstgespräch am {GermanText.Date(missedOn)} nicht erschienen ({IntakeMissedCount}. Mal); ein neuer Termin ist möglich.");
    }

    /// <summary>A placement was found, or the young person moves to another one.</summary>
    public void ArrangePlacement(DateTimeOffset now, string actor, string category, string name, DateOnly startDate)
    {
        Check(CaseStep.ArrangePlacement);
        var change = PlacementCategory is not null;
        PlacementCategory = category;
        PlacementName = name;
        PlacementStartDate = startDate;
        PlacedAt = now;
        MoveTo(CaseStep.ArrangePlacement, State == InProgress ? InProgress : Placed, now);
        // The name stays out of the history like every entered text; the case shows it.
        Record(now, CaseHistoryKinds.PlacementArranged, actor,
            $"{(change ? "Einsatzstelle gewechselt" : "Einsatzstelle vermittelt")} ({category}), Beginn {GermanText.Date(startDate)}.");
    }

    /// <summary>One shift, or a correction of earlier entries; the input must pass <see cref="HoursEntryProblems"/>.</summary>
    public HourEntry LogHours(DateTimeOffset now, string actor, DateOnly date, decimal hours, bool correction, string? note)
    {
        Check(CaseStep.LogHours);
        if (HoursEntryProblems(date, hours, correction, HorizontTime.DayOf(now)) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(
                $"Hours entry for referral {ReferralId} breaks the rules ({string.Join(", ", problems.Select(p => p.Field).Distinct())}).");
        }

        HoursCompleted += hours;
        var entry = new HourEntry
        {
            CaseId = ReferralId,
            Date = date,
            Hours = hours,
            Correction = correction,
            Note = note,
            RecordedAt = now,
            RecordedBy = actor,
            TotalAfter = HoursCompleted,
        };
        HourEntries.Add(entry);
        LastShiftDate = HourEntries.Where(e => e.Hours > 0).Max(e => (DateOnly?)e.Date);
        HoursLoggedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.LogHours, InProgress, now);
        Record(now, CaseHistoryKinds.HoursLogged, actor, correction
            ? $"Korrektur {SignedHours(hours)} Stunden zum {GermanText.Date(date)}; geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}."
            : $"{GermanText.Hours(hours)} Stunden am {GermanText.Date(date)} erfasst; geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}.");
        return entry;
    }

    public void ReportNonCompliance(DateTimeOffset now, string actor, string reasonCode, IReadOnlyList<DateOnly> remindedOn, string? recommendation)
    {
        Check(CaseStep.ReportNonCompliance);
        NonComplianceReasonCode = reasonCode;
        NonComplianceRemindedOn = [.. remindedOn];
        NonComplianceRecommendation = recommendation;
        NonComplianceReportedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.ReportNonCompliance, CaseState.NonComplianceReported, now);
        Record(now, CaseHistoryKinds.NonComplianceReported, actor,
            $"Nichterfüllung gemeldet ({reasonCode}); {remindedOn.Count} Erinnerung(en), geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}.");
    }

    /// <summary>Staff ask the Jugendamt to have the deadline extended; the state stays, the request is pending until an amendment sets a deadline.</summary>
    public void RequestExtension(DateTimeOffset now, string actor, string reasonCode, DateOnly proposedDeadline)
    {
        Check(CaseStep.RequestExtension);
        if (ExtensionProblems(proposedDeadline).Count > 0)
            throw new InvalidOperationException($"Proposed deadline for referral {ReferralId} is not after the deadline in force.");
        ExtensionReasonCode = reasonCode;
        ExtensionProposedDeadline = proposedDeadline;
        ExtensionRequestedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.RequestExtension, State, now);
        Record(now, CaseHistoryKinds.ExtensionRequested, actor,
            $"Fristverlängerung beantragt ({reasonCode}) bis {GermanText.Date(proposedDeadline)}; geltende Frist {GermanText.Date(Deadline)}.");
    }

    public void Complete(DateTimeOffset now, string actor, DateOnly completedOn)
    {
        Check(CaseStep.Complete);
        if (CompletionProblems(completedOn, HorizontTime.DayOf(now)).Count > 0)
            throw new InvalidOperationException($"Completion date for referral {ReferralId} breaks the rules.");
        CompletedOn = completedOn;
        CompletedAt = now;
        StatusReportedAt = now;
        ExtensionReasonCode = null;
        ExtensionProposedDeadline = null;
        ExtensionRequestedAt = null;
        MoveTo(CaseStep.Complete, Completed, now);
        Record(now, CaseHistoryKinds.Completed, actor,
            $"Erledigt am {GermanText.Date(completedOn)}: {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)} Stunden geleistet.");
    }

    /// <summary>
    /// The Jugendamt's amendment after a court decision. Applied in every state that has not ended: new hours
    /// and/or deadline, flags recomputed, and a reported case resumes where the work stood. In an ended
    /// state it is only recorded. Returns whether it was applied.
    /// </summary>
    public bool Amend(DateTimeOffset now, string senderAgencyId, Guid messageId, decimal? hoursOrdered, DateOnly? deadline, DateOnly courtDecisionDate)
    {
        var received = $"Änderung von {senderAgencyId} (Gerichtsentscheidung vom {GermanText.Date(courtDecisionDate)})";
        if (WhyNot(CaseStep.Amend) is not null)
        {
            Record(now, CaseHistoryKinds.AmendmentReceived, senderAgencyId,
                $"{received} erhalten; im Status „{StateLabel(State)}“ nicht angewendet, nichts geändert.", messageId);
            return false;
        }

        var changes = new List<string>();
        if (hoursOrdered is { } hours)
        {
            changes.Add($"Stunden {GermanText.Hours(HoursOrdered)} → {GermanText.Hours(hours)}");
            HoursOrdered = hours;
        }

        if (deadline is { } newDeadline)
        {
            changes.Add($"Frist {GermanText.Date(Deadline)} → {GermanText.Date(newDeadline)}");
            Deadline = newDeadline;
            if (ExtensionProposedDeadline is not null)
            {
                changes.Add("beantragte Fristverlängerung damit beschieden");
                ExtensionReasonCode = null;
                ExtensionProposedDeadline = null;
                ExtensionRequestedAt = null;
            }
        }

        LastCourtDecisionDate = courtDecisionDate;
        AmendedAt = now;
        var to = State == CaseState.NonComplianceReported ? WhereTheWorkStands() : State;
        if (State == CaseState.NonComplianceReported && to == Accepted)
            IntakeMissedCount = 0; // the court gave a new chance: the intake rule counts afresh (the history keeps the misses)
        if (to != State)
            changes.Add($"Fall wieder „{StateLabel(to)}“");
        MoveTo(CaseStep.Amend, to, now);
        Record(now, CaseHistoryKinds.AmendmentReceived, senderAgencyId, $"{received}: {string.Join("; ", changes)}.", messageId);
        return true;
    }

    /// <summary>
    /// The Jugendamt's withdrawal. Ends every case that has not ended; a completed case stays completed
    /// (a withdrawal crossing the completion), an otherwise ended one stays as it is. Returns the outcome
    /// (<see cref="WithdrawalOutcomeCodes"/>) for the acknowledgement.
    /// </summary>
    public string Withdraw(DateTimeOffset now, string senderAgencyId, Guid messageId, string reasonCode, DateOnly effectiveDate)
    {
        var received = $"Beendigung von {senderAgencyId} ({reasonCode}, wirksam zum {GermanText.Date(effectiveDate)})";
        if (WhyNot(CaseStep.Withdraw) is not null)
        {
            var completed = CompletedOn is not null;
            Record(now, CaseHistoryKinds.WithdrawalReceived, senderAgencyId, completed
                ? $"{received} erhalten: Der Fall war bereits erledigt und bleibt erledigt."
                : $"{received} erhalten: Der Fall war bereits beendet („{StateLabel(State)}“); nichts geändert.", messageId);
            return completed ? WithdrawalOutcomeCodes.AlreadyCompleted : WithdrawalOutcomeCodes.AlreadyEnded;
        }

        WithdrawalReasonCode = reasonCode;
        WithdrawalEffectiveDate = effectiveDate;
        WithdrawnAt = now;
        ExtensionReasonCode = null;
        ExtensionProposedDeadline = null;
        ExtensionRequestedAt = null;
        MoveTo(CaseStep.Withdraw, Withdrawn, now);
        Record(now, CaseHistoryKinds.WithdrawalReceived, senderAgencyId, $"{received}: Fall beendet ohne Erfüllung.", messageId);
        return WithdrawalOutcomeCodes.Withdrawn;
    }

    /// <summary>The same referral arrived again under another message id; nothing changes but the history.</summary>
    public void RecordDuplicate(DateTimeOffset now, string senderAgencyId, Guid messageId) =>
        Record(now, CaseHistoryKinds.DuplicateReceived, senderAgencyId,
            $"Zuweisung von {senderAgencyId} erneut erhalten; nichts geändert.", messageId);

    /// <summary>A message to the Jugendamt was written to the outbox with this case's change; the dispatcher sends it under <paramref name="messageId"/>.</summary>
    public void RecordMessageSent(DateTimeOffset now, string messageType, Guid messageId) =>
        Record(now, CaseHistoryKinds.MessageSent, ProviderId, $"{messageType} an {JugendamtId} gesendet.", messageId);

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

    private static IEnumerable<Transition> Each(CaseStep step, CaseState[] from, CaseState to) => from.Select(f => new Transition(step, f, to));

    private static IEnumerable<Transition> Stays(CaseStep step, CaseState[] from) => from.Select(f => new Transition(step, f, f));

    /// <summary>The conditions a step has beyond the state it leaves from.</summary>
    private string? Guard(CaseStep step) => step switch
    {
        CaseStep.ScheduleIntake when State == IntakeMissed && IntakeMissedCount >= MaxIntakeMisses =>
            "Das Erstgespräch wurde zweimal versäumt; ein weiterer Termin ist nicht vorgesehen. Die Nichterfüllung ist dem Jugendamt zu melden.",
        CaseStep.Complete when HoursCompleted < HoursOrdered =>
            $"Erst {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)} Stunden geleistet; erledigt erst, wenn alle Stunden geleistet sind.",
        _ => null,
    };

    /// <summary>Where a reported case resumes after the court decided (rows <c>Amend</c> from <c>NonComplianceReported</c>).</summary>
    private CaseState WhereTheWorkStands() =>
        LastShiftDate is not null ? InProgress
        : PlacementCategory is not null ? Placed
        : IntakeHeldOn is not null ? IntakeHeld
        : Accepted;

    private void Check(CaseStep step)
    {
        if (WhyNot(step) is { } reason)
            throw new InvalidOperationException($"Step {step} is not allowed in state {State} for referral {ReferralId}: {reason}");
    }

    /// <summary>Takes a row of <see cref="Transitions"/>, raises the version and recomputes the flags: every change ends here.</summary>
    private void MoveTo(CaseStep step, CaseState to, DateTimeOffset now)
    {
        if (!Transitions.Contains(new Transition(step, State, to)))
            throw new InvalidOperationException($"Step {step} from {State} to {to} is not in the state machine (referral {ReferralId}).");
        if (to != State)
            StateSince = now;
        State = to;
        Version++;
        RefreshFlags(now);
    }

    /// <summary>
    /// Recomputes the flags as of <paramref name="now"/> (time alone can set them: half the period gone, deadline
    /// passed). Returns whether they changed; a change raises the version like every other change.
    /// </summary>
    public bool ReviewFlags(DateTimeOffset now)
    {
        var before = (AtRisk, Overdue);
        RefreshFlags(now);
        if (before == (AtRisk, Overdue))
            return false;
        Version++;
        return true;
    }

    /// <summary>A reminder was raised for this case (the audit trail shows who was told what, and when).</summary>
    public void RecordReminder(DateTimeOffset now, string title, string team, DateTimeOffset dueAt) =>
        Record(now, CaseHistoryKinds.ReminderRaised, "horizont", $"Erinnerung „{title}“ an {team} (fällig {Time(dueAt)}).");

    /// <summary>The flags changed with time alone (see <see cref="ReviewFlags"/>).</summary>
    public void RecordFlagsChanged(DateTimeOffset now) =>
        Record(now, CaseHistoryKinds.FlagsChanged, "horizont",
            Flags.Count == 0 ? "Hinweise aufgehoben." : $"Hinweise {string.Join(", ", Flags)} gesetzt (Zeitablauf).");

    /// <summary>
    /// AT_RISK: more than half the period from acceptance (or receipt) to the deadline is gone with less than
    /// half the hours done; OVERDUE: the deadline has passed with hours outstanding. Only while the hours are
    /// still to be worked (<see cref="WorkingStates"/>); a reported, completed or ended case carries no flags.
    /// </summary>
    private void RefreshFlags(DateTimeOffset now)
    {
        AtRisk = IsWorking && HalfTimePassedOn is { } half && HorizontTime.DayOf(now) >= half && HoursCompleted * 2 < HoursOrdered;
        Overdue = IsWorking && now >= DeadlineEnd && HoursCompleted < HoursOrdered;
    }

    private void Record(DateTimeOffset now, string kind, string actor, string detail, Guid? messageId = null) =>
        History.Add(new CaseHistoryEntry
        {
            CaseId = ReferralId,
            Time = now,
            Kind = kind,
            Actor = actor,
            Detail = detail,
            MessageId = messageId,
        });
}

/// <summary>The young person as the referral named them. Personal data: never in logs or exception messages.</summary>
public sealed record YoungPersonDetails
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly DateOfBirth { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? GuardianName { get; init; }
    public string? GuardianPhone { get; init; }
}

/// <summary>A contact person at the partner agency.</summary>
public sealed record ContactDetails
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}
