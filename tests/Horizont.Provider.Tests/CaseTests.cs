using Horizont.Hosting;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;

namespace Horizont.Provider.Tests;

public sealed class CaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_received_referral_can_be_accepted_or_declined()
    {
        var submitted = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);

        Assert.Equal(CaseState.Submitted, submitted.State);
        Assert.Null(submitted.WhyNot(CaseStep.Accept));
        Assert.Null(submitted.WhyNot(CaseStep.Decline));
    }

    [Fact]
    public void An_accepted_case_can_be_neither_accepted_nor_declined_again()
    {
        var accepted = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        accepted.Accept(Now, "staff");

        Assert.Equal(CaseState.Accepted, accepted.State);
        Assert.Equal(Now, accepted.AcceptedAt);
        Assert.Equal("Die Zuweisung ist bereits angenommen.", accepted.WhyNot(CaseStep.Accept));
        Assert.Equal("Die Zuweisung ist bereits angenommen.", accepted.WhyNot(CaseStep.Decline));
        Assert.Throws<InvalidOperationException>(() => accepted.Decline(Now, "staff", DeclineReasonCodes.Other, null));
    }

    [Fact]
    public void A_declined_case_keeps_its_reason_and_cannot_be_accepted()
    {
        var declined = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        declined.Decline(Now, "staff", DeclineReasonCodes.ConflictOfInterest, "Nachbar einer Mitarbeiterin.");

        Assert.Equal(CaseState.Declined, declined.State);
        Assert.Equal(DeclineReasonCodes.ConflictOfInterest, declined.DeclineReasonCode);
        Assert.Equal("Die Zuweisung ist bereits abgelehnt.", declined.WhyNot(CaseStep.Accept));
        Assert.Throws<InvalidOperationException>(() => declined.Accept(Now, "staff"));
    }

    [Fact]
    public void Every_step_is_written_to_the_history_without_the_free_text_note()
    {
        var declined = Case.Receive(Referrals.Valid(), Guid.NewGuid(), Now);
        declined.Decline(Now, "a.schulz", DeclineReasonCodes.NoCapacity, "Nachbar einer Mitarbeiterin.");

        Assert.Collection(declined.History,
            h => Assert.Equal(CaseHistoryKinds.ReferralReceived, h.Kind),
            h =>
            {
                Assert.Equal((CaseHistoryKinds.Declined, "a.schulz"), (h.Kind, h.Actor));
                Assert.Contains(DeclineReasonCodes.NoCapacity, h.Detail, StringComparison.Ordinal);
                Assert.DoesNotContain("Nachbar", h.Detail, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void A_second_missed_intake_refuses_another_appointment_and_shows_grounds_for_a_report()
    {
        var @case = Cases.InState(CaseState.IntakeMissed, Now);
        Assert.Null(@case.WhyNot(CaseStep.ScheduleIntake));
        Assert.Empty(@case.NonComplianceGrounds);

        @case.ScheduleIntake(Now, "staff", Now.AddDays(3));
        @case.RecordIntakeMissed(Now, "staff", HorizontTime.DayOf(Now));

        Assert.Equal(2, @case.IntakeMissedCount);
        Assert.Equal([NonComplianceGroundCodes.IntakeMissedTwice], @case.NonComplianceGrounds);
        Assert.Contains("zweimal versäumt", @case.WhyNot(CaseStep.ScheduleIntake), StringComparison.Ordinal);
        Assert.Null(@case.WhyNot(CaseStep.ReportNonCompliance));
        Assert.Throws<InvalidOperationException>(() => @case.ScheduleIntake(Now, "staff", Now.AddDays(5)));
    }

    [Fact]
    public void A_reported_case_moves_on_only_through_the_courts_amendment_a_withdrawal_or_an_extension_request()
    {
        var reported = Cases.InState(CaseState.NonComplianceReported, Now);

        var allowed = Enum.GetValues<CaseStep>().Where(step => reported.WhyNot(step) is null);

        Assert.Equal([CaseStep.RequestExtension, CaseStep.Amend, CaseStep.Withdraw], allowed);
        Assert.Empty(reported.Flags);
    }

    [Fact]
    public void Every_case_that_has_not_ended_can_be_withdrawn_and_no_ended_one_can()
    {
        CaseState[] ended = [CaseState.Declined, CaseState.Completed, CaseState.Withdrawn, CaseState.Closed];

        var withdrawable = Case.Transitions.Where(t => t.Step == CaseStep.Withdraw).Select(t => t.From);
        var amendable = Case.Transitions.Where(t => t.Step == CaseStep.Amend).Select(t => t.From).Distinct();

        Assert.Equal(Enum.GetValues<CaseState>().Except(ended), withdrawable);
        Assert.Equal(Enum.GetValues<CaseState>().Except(ended), amendable);
        Assert.DoesNotContain(Case.Transitions, t => ended.Contains(t.From));
    }

    [Fact]
    public void A_court_decision_after_a_report_before_any_intake_was_held_starts_the_intake_afresh()
    {
        var @case = Cases.InState(CaseState.IntakeMissed, Now);
        @case.ReportNonCompliance(Now, "staff", NonComplianceReasonCodes.NoShow, [], null);

        var applied = @case.Amend(Now, Referrals.Jugendamt, Guid.NewGuid(), hoursOrdered: null, deadline: new DateOnly(2027, 4, 1), Referrals.CourtDecisionDate);

        Assert.True(applied);
        Assert.Equal((CaseState.Accepted, 0), (@case.State, @case.IntakeMissedCount));
        Assert.Null(@case.WhyNot(CaseStep.ScheduleIntake));
    }

    [Fact]
    public void At_risk_and_overdue_are_recomputed_with_the_clock_on_every_change()
    {
        // Accepted on 1 December, deadline 1 February (62 days).
        var accepted = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var @case = Cases.InState(CaseState.InProgress, accepted, Referrals.Valid() with { HoursOrdered = 30m }); // 10 of 30 hours
        Assert.Empty(@case.Flags);

        var halfGone = new DateTimeOffset(2027, 1, 2, 12, 0, 0, TimeSpan.Zero);
        @case.LogHours(halfGone, "staff", new DateOnly(2027, 1, 2), 4m, correction: false, note: null);
        Assert.Equal([CaseFlagCodes.AtRisk], @case.Flags);

        @case.LogHours(halfGone, "staff", new DateOnly(2027, 1, 1), 2m, correction: false, note: null); // 16 of 30: more than half
        Assert.Empty(@case.Flags);

        var deadlinePassed = new DateTimeOffset(2027, 2, 2, 12, 0, 0, TimeSpan.Zero);
        @case.LogHours(deadlinePassed, "staff", new DateOnly(2027, 2, 2), 4m, correction: false, note: null);
        Assert.Equal([CaseFlagCodes.Overdue], @case.Flags);

        @case.Amend(deadlinePassed, Referrals.Jugendamt, Guid.NewGuid(), hoursOrdered: 20m, deadline: null, Referrals.CourtDecisionDate);
        Assert.Empty(@case.Flags); // 20 of 20 hours: nothing outstanding
        Assert.True(@case.CanComplete);
    }

    [Fact]
    public void Hours_entries_add_up_to_the_hours_completed_and_the_first_one_starts_the_work()
    {
        var @case = Cases.InState(CaseState.Placed, Now);
        var day = HorizontTime.DayOf(Now);

        @case.LogHours(Now, "staff", day, 3.5m, correction: false, note: "Hundeauslauf");
        @case.LogHours(Now, "staff", day, -1.25m, correction: true, note: null);

        Assert.Equal(CaseState.InProgress, @case.State);
        Assert.Equal(2.25m, @case.HoursCompleted);
        Assert.Equal(@case.HoursCompleted, @case.HourEntries.Sum(e => e.Hours));
        Assert.Equal([3.5m, 2.25m], @case.HourEntries.Select(e => e.TotalAfter));
        Assert.DoesNotContain(@case.History, h => h.Detail.Contains("Hundeauslauf", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => @case.LogHours(Now, "staff", day, -3m, correction: true, note: null));
    }
}
