using Horizont.Jugendamt.Data;
using static Horizont.Jugendamt.Data.ReferralStatus;

namespace Horizont.Jugendamt.Tests;

/// <summary>The referral's transitions table read as a specification.</summary>
public sealed class ReferralStateMachineTests
{
    /// <summary>How far a case has got at the provider, in the order its work goes.</summary>
    private static readonly ReferralStatus[][] Progress =
        [[Submitted], [Accepted], [IntakeScheduled, IntakeMissed], [IntakeHeld], [Placed], [InProgress], [NonComplianceReported, AwaitingCourt]];

    private static readonly ReferralStep[] ProviderProgress =
        [ReferralStep.Accept, ReferralStep.ScheduleIntake, ReferralStep.HoldIntake, ReferralStep.MissIntake, ReferralStep.ArrangePlacement,
            ReferralStep.ReportHours, ReferralStep.ReportNonCompliance];

    [Fact]
    public void Each_step_has_at_most_one_row_for_each_status_it_leaves_from()
    {
        var twice = ReferralStateMachine.Transitions.GroupBy(t => (t.Step, t.From)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(twice);
    }

    [Fact]
    public void No_progress_event_of_the_provider_moves_the_case_back()
    {
        foreach (var row in ReferralStateMachine.Transitions.Where(t => ProviderProgress.Contains(t.Step) && t.To is not null))
            Assert.True(Rank(row.To!.Value) >= Rank(row.From), $"{row.Step} leads from {row.From} back to {row.To}");
    }

    [Fact]
    public void An_ended_referral_is_left_only_by_the_acknowledgements_the_late_completion_and_the_court_report()
    {
        var leaving = ReferralStateMachine.Transitions.Where(t => ReferralStateMachine.IsEnded(t.From)).Select(t => t.Step).Distinct().Order();
        Assert.Equal(
            new[] { ReferralStep.Complete, ReferralStep.AcknowledgeAlreadyCompleted, ReferralStep.AcknowledgeAlreadyEnded, ReferralStep.ReportToCourt }.Order(),
            leaving);
    }

    [Fact]
    public void A_pending_withdrawal_lets_through_only_the_providers_end_of_the_case_its_flags_and_a_refusal()
    {
        var allowed = ReferralStateMachine.Transitions.Where(t => t.From == WithdrawalRequested).Select(t => t.Step).Distinct().Order();
        Assert.Equal(
            new[] { ReferralStep.Decline, ReferralStep.ChangeFlags, ReferralStep.Complete, ReferralStep.AcknowledgeWithdrawn,
                ReferralStep.AcknowledgeAlreadyCompleted, ReferralStep.Refuse }.Order(),
            allowed);
    }

    [Fact]
    public void An_amended_referral_counts_as_where_the_work_stood()
    {
        var referral = new Referral
        {
            FileReference = "JGH-1", ProviderId = "horizont-ev", LegalBasis = "JGG_10", ContentHash = "", Payload = "{}",
            Status = Amended, PlacementCategory = "SOCIAL",
        };

        Assert.Equal(Placed, ReferralStateMachine.Position(referral));
        Assert.Null(ReferralStateMachine.Find(referral, ReferralStep.ScheduleIntake));
        Assert.Equal(Placed, ReferralStateMachine.Find(referral, ReferralStep.ArrangePlacement)!.To);
    }

    [Fact]
    public void Every_status_has_a_german_label()
    {
        foreach (var status in Enum.GetValues<ReferralStatus>())
            Assert.NotEqual(status.ToString(), ReferralLabels.Label(status));
    }

    private static int Rank(ReferralStatus status) => Array.FindIndex(Progress, group => group.Contains(status));
}
