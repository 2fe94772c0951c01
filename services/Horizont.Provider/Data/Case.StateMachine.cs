using Horizont.Hosting;
using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>The state machine of a case: which step may be taken in which state, where it leads, and what else it needs.</summary>
public sealed partial class Case
{
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

    /// <summary>States in which the hours are still ahead: the flags are kept up to date and the deadline reminders watch.</summary>
    public static IReadOnlyList<CaseState> WorkingStates { get; } = [Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress];

    /// <summary>The hours are still ahead (<see cref="WorkingStates"/>).</summary>
    public bool IsWorking => WorkingStates.Contains(State);

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
}
