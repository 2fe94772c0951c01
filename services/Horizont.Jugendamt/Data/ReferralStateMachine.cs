using static Horizont.Jugendamt.Data.ReferralStatus;

namespace Horizont.Jugendamt.Data;

/// <summary>What moves a referral: a provider's event, or the Jugendamt's own change.</summary>
public enum ReferralStep
{
    Accept,
    Decline,
    ScheduleIntake,
    HoldIntake,
    MissIntake,
    ArrangePlacement,
    ReportHours,
    ReportNonCompliance,
    RequestExtension,
    ChangeFlags,
    Complete,
    /// <summary>The provider acknowledged a withdrawal with <c>WITHDRAWN</c>.</summary>
    AcknowledgeWithdrawn,
    /// <summary>The provider acknowledged a withdrawal with <c>ALREADY_COMPLETED</c>.</summary>
    AcknowledgeAlreadyCompleted,
    /// <summary>The provider acknowledged a withdrawal with <c>ALREADY_ENDED</c>.</summary>
    AcknowledgeAlreadyEnded,
    /// <summary>The provider refused the Jugendamt's last command (<c>ReferralRefused</c>).</summary>
    Refuse,
    /// <summary>The Jugendamt's <c>AmendReferral</c> after a court decision.</summary>
    Amend,
    /// <summary>The Jugendamt's <c>WithdrawReferral</c>.</summary>
    Withdraw,
    /// <summary>The Jugendamt reported to the court after the completion.</summary>
    ReportToCourt,
}

/// <summary>
/// One row of the state machine: <see cref="Step"/> may be taken where the case stands at <see cref="From"/>
/// (<see cref="ReferralStateMachine.Position"/>) and leads to <see cref="To"/>; a null <see cref="To"/> keeps the
/// status as it is (the step only changes figures).
/// </summary>
public sealed record ReferralTransition(ReferralStep Step, ReferralStatus From, ReferralStatus? To);

/// <summary>
/// The whole life of a referral as the Jugendamt's ledger sees it, in one table. A provider's event that would
/// move the case back finds no row (a late event), so it is recorded only; an ended referral has no rows but
/// for the acknowledgements and the court report.
/// </summary>
public static class ReferralStateMachine
{
    /// <summary>Where a case can stand at the provider while it runs.</summary>
    private static readonly ReferralStatus[] Running =
        [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress, NonComplianceReported, AwaitingCourt];

    private static readonly ReferralStatus[] Ended = [Declined, Completed, Withdrawn, Closed];

    public static IReadOnlyList<ReferralTransition> Transitions { get; } =
    [
        new(ReferralStep.Accept, Submitted, Accepted),
        new(ReferralStep.Decline, Submitted, Declined),
        new(ReferralStep.Decline, WithdrawalRequested, Declined), // guard: the withdrawal crossed a decline of a referral never answered
        .. Each(ReferralStep.ScheduleIntake, [Submitted, Accepted, IntakeScheduled, IntakeMissed], IntakeScheduled),
        .. Each(ReferralStep.MissIntake, [Submitted, Accepted, IntakeScheduled, IntakeMissed], IntakeMissed),
        .. Each(ReferralStep.HoldIntake, [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld], IntakeHeld),
        .. Each(ReferralStep.ArrangePlacement, [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed], Placed),
        new(ReferralStep.ArrangePlacement, InProgress, null), // another placement while the hours are being worked
        .. Each(ReferralStep.ReportHours, [Submitted, Accepted, IntakeScheduled, IntakeMissed, IntakeHeld, Placed, InProgress], InProgress),
        .. Each(ReferralStep.ReportHours, [NonComplianceReported, AwaitingCourt], null), // the figures count; the court decides first
        .. Each(ReferralStep.ReportNonCompliance, Running, NonComplianceReported),
        .. Each(ReferralStep.RequestExtension, Running, null),
        .. Each(ReferralStep.ChangeFlags, [.. Running, WithdrawalRequested], null),
        .. Each(ReferralStep.Complete, [.. Running, WithdrawalRequested], Completed), // a completion wins over a withdrawal it crossed
        new(ReferralStep.Complete, Completed, Completed), // guard: the completion was known only from the acknowledgement
        new(ReferralStep.AcknowledgeWithdrawn, WithdrawalRequested, Withdrawn),
        new(ReferralStep.AcknowledgeAlreadyCompleted, WithdrawalRequested, Completed),
        new(ReferralStep.AcknowledgeAlreadyCompleted, Completed, Completed),
        .. Each(ReferralStep.AcknowledgeAlreadyEnded, Ended, null),
        .. Each(ReferralStep.Refuse, [.. Running, WithdrawalRequested], Refused),
        .. Each(ReferralStep.Amend, Running[1..], Amended), // once accepted
        .. Each(ReferralStep.Withdraw, Running, WithdrawalRequested),
        new(ReferralStep.ReportToCourt, Completed, Closed),
        new(ReferralStep.ReportToCourt, NonComplianceReported, AwaitingCourt), // the court decides next (amendment or withdrawal)
    ];

    /// <summary>Declined, Completed, Withdrawn, Closed: nothing the provider reports changes the referral any more.</summary>
    public static bool IsEnded(ReferralStatus status) => Ended.Contains(status);

    /// <summary>
    /// Where the case stands for the table: the status, except <see cref="Amended"/> (where the work stood, as the
    /// provider resumes after a court decision: InProgress when hours were worked, Placed when a placement is known,
    /// IntakeHeld when the intake meeting was held, else Accepted) and <see cref="Refused"/> (the status before the
    /// refused command).
    /// </summary>
    public static ReferralStatus Position(Referral referral) => referral.Status switch
    {
        Amended => referral switch
        {
            { HoursCompleted: > 0 } => InProgress,
            { PlacementCategory: not null } => Placed,
            { IntakeOutcome: Messages.IntakeOutcomeCodes.Held } => IntakeHeld,
            _ => Accepted,
        },
        Refused => referral.StatusBeforeChange ?? Submitted,
        var status => status,
    };

    /// <summary>The row <paramref name="step"/> takes now, or null when the step is not allowed.</summary>
    public static ReferralTransition? Find(Referral referral, ReferralStep step)
    {
        var from = Position(referral);
        var row = Transitions.FirstOrDefault(t => t.Step == step && t.From == from);
        return row is not null && Guard(referral, row) ? row : null;
    }

    /// <summary>Whether the step changes the status for the Jugendamt's own reasons (remembering where the case stood).</summary>
    public static bool IsOwnChange(ReferralStep step) => step is ReferralStep.Amend or ReferralStep.Withdraw or ReferralStep.Refuse;

    /// <summary>The conditions a row has beyond the status it leaves from.</summary>
    private static bool Guard(Referral referral, ReferralTransition row) => row switch
    {
        { Step: ReferralStep.Decline, From: WithdrawalRequested } => referral.StatusBeforeChange == Submitted,
        { Step: ReferralStep.Complete, From: Completed } => referral.CompletedOn is null,
        _ => true,
    };

    private static IEnumerable<ReferralTransition> Each(ReferralStep step, ReferralStatus[] from, ReferralStatus? to) =>
        from.Select(f => new ReferralTransition(step, f, to));
}
