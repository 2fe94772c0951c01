using Horizont.Hosting;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;

namespace Horizont.Provider.Tests;

/// <summary>
/// Each step of a case returns the message it causes for the Jugendamt: the right type, addressed from the provider
/// agency to the case's Jugendamt about the case's referral, carrying the step's data.
/// </summary>
public sealed class CaseMessagesTests
{
    private const string Staff = Cases.Staff;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = HorizontTime.DayOf(Now);

    [Fact]
    public void Accept_returns_referral_accepted()
    {
        var @case = Cases.InState(CaseState.Submitted, Now);

        var message = @case.Accept(Now, Staff);

        AssertAddressed(@case, message);
        Assert.Equal(Now, message.AcceptedAt);
    }

    [Fact]
    public void Decline_returns_referral_declined_with_reason_and_note()
    {
        var @case = Cases.InState(CaseState.Submitted, Now);

        var message = @case.Decline(Now, Staff, DeclineReasonCodes.ConflictOfInterest, "Nachbar einer Mitarbeiterin.");

        AssertAddressed(@case, message);
        Assert.Equal(DeclineReasonCodes.ConflictOfInterest, message.ReasonCode);
        Assert.Equal("Nachbar einer Mitarbeiterin.", message.Note);
        Assert.Equal(Now, message.DeclinedAt);
    }

    [Fact]
    public void Scheduling_the_intake_returns_a_scheduled_meeting_with_the_appointment()
    {
        var @case = Cases.InState(CaseState.Accepted, Now);
        var appointment = new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.FromHours(1));

        var message = @case.ScheduleIntake(Now, Staff, appointment);

        AssertAddressed(@case, message);
        Assert.Equal(IntakeOutcomeCodes.Scheduled, message.Outcome);
        Assert.Equal(new DateOnly(2026, 12, 3), message.MeetingDate);
        Assert.Equal(appointment, message.NextAppointment);
        Assert.Equal(TimeSpan.Zero, message.NextAppointment!.Value.Offset);
        Assert.Equal(Now, message.RecordedAt);
    }

    [Fact]
    public void Recording_the_intake_held_returns_a_held_meeting_without_appointment()
    {
        var @case = Cases.InState(CaseState.IntakeScheduled, Now);
        var heldOn = Today.AddDays(1);

        var message = @case.RecordIntakeHeld(Now.AddDays(1), Staff, heldOn);

        AssertAddressed(@case, message);
        Assert.Equal(IntakeOutcomeCodes.Held, message.Outcome);
        Assert.Equal(heldOn, message.MeetingDate);
        Assert.Null(message.NextAppointment);
        Assert.Equal(Now.AddDays(1), message.RecordedAt);
    }

    [Fact]
    public void Recording_the_intake_missed_returns_a_missed_meeting_without_appointment()
    {
        var @case = Cases.InState(CaseState.IntakeScheduled, Now);
        var missedOn = Today.AddDays(1);

        var message = @case.RecordIntakeMissed(Now.AddDays(1), Staff, missedOn);

        AssertAddressed(@case, message);
        Assert.Equal(IntakeOutcomeCodes.Missed, message.Outcome);
        Assert.Equal(missedOn, message.MeetingDate);
        Assert.Null(message.NextAppointment);
        Assert.Equal(Now.AddDays(1), message.RecordedAt);
    }

    [Fact]
    public void Arranging_a_placement_returns_placement_arranged_with_category_and_start_but_not_the_name()
    {
        var @case = Cases.InState(CaseState.IntakeHeld, Now);
        var start = Today.AddDays(7);

        var message = @case.ArrangePlacement(Now, Staff, PlacementCategoryCodes.Social, Cases.PlacementName, start);

        AssertAddressed(@case, message);
        Assert.Equal(PlacementCategoryCodes.Social, message.Category);
        Assert.Equal(start, message.StartDate);
        Assert.Equal(Now, message.ArrangedAt);
        Assert.DoesNotContain(Cases.PlacementName, System.Text.Json.JsonSerializer.Serialize(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_hours_returns_hours_reported_with_the_running_total_last_shift_and_flags()
    {
        var @case = Cases.InState(CaseState.InProgress, Now); // 10 hours on the placement's first day, ten days ago
        var shift = Today.AddDays(-2);

        var message = @case.LogHours(Now, Staff, shift, 6.5m, correction: false, note: "Pünktlich.");

        AssertAddressed(@case, message);
        Assert.Equal(16.5m, message.HoursCompleted);
        Assert.Equal(shift, message.LastShiftDate);
        Assert.Equal(@case.Flags, message.Flags);
        Assert.Equal(Now, message.ReportedAt);
    }

    [Fact]
    public void A_correction_reports_the_corrected_total_and_keeps_the_last_shift()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        var lastShift = @case.LastShiftDate;

        var message = @case.LogHours(Now, Staff, Today.AddDays(-1), -2m, correction: true, note: null);

        AssertAddressed(@case, message);
        Assert.Equal(8m, message.HoursCompleted);
        Assert.Equal(lastShift, message.LastShiftDate);
    }

    [Fact]
    public void Reporting_non_compliance_returns_the_reason_reminders_recommendation_and_hours_done()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        DateOnly[] reminded = [Today.AddDays(-6), Today.AddDays(-3)];

        var message = @case.ReportNonCompliance(Now, Staff, NonComplianceReasonCodes.DroppedOut, reminded, "Neue Einsatzstelle prüfen.");

        AssertAddressed(@case, message);
        Assert.Equal(NonComplianceReasonCodes.DroppedOut, message.ReasonCode);
        Assert.Equal(reminded, message.RemindedOn);
        Assert.Equal("Neue Einsatzstelle prüfen.", message.Recommendation);
        Assert.Equal(10m, message.HoursCompleted);
        Assert.Equal(Now, message.ReportedAt);
    }

    [Fact]
    public void Requesting_an_extension_returns_the_reason_and_proposed_deadline()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        var proposed = @case.Deadline.AddMonths(2);
        var reason = ExtensionReasonCodes.Illness;

        var message = @case.RequestExtension(Now, Staff, reason, proposed);

        AssertAddressed(@case, message);
        Assert.Equal(reason, message.ReasonCode);
        Assert.Equal(proposed, message.ProposedDeadline);
        Assert.Equal(Now, message.RequestedAt);
    }

    [Fact]
    public void Completing_returns_referral_completed_with_the_total_and_day()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        for (var day = Today.AddDays(-9); @case.HoursOpen > 0; day = day.AddDays(1))
            @case.LogHours(Now, Staff, day, Math.Min(10m, @case.HoursOpen), correction: false, note: null);

        var message = @case.Complete(Now, Staff, Today);

        AssertAddressed(@case, message);
        Assert.Equal(40m, message.TotalHours);
        Assert.Equal(Today, message.CompletedOn);
        Assert.Equal(Now, message.ReportedAt);
    }

    [Fact]
    public void Withdrawing_a_working_case_acknowledges_it_as_withdrawn()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);

        var message = @case.Withdraw(Now, Referrals.Jugendamt, Guid.NewGuid(), WithdrawalReasonCodes.ProceedingsDropped, Today);

        AssertAddressed(@case, message);
        Assert.Equal(WithdrawalOutcomeCodes.Withdrawn, message.Outcome);
        Assert.Equal(nameof(CaseState.Withdrawn), message.CaseState);
        Assert.Equal(Today, message.EffectiveDate);
        Assert.Equal(Now, message.AcknowledgedAt);
    }

    [Fact]
    public void Withdrawing_a_completed_case_acknowledges_it_as_already_completed()
    {
        var @case = Cases.InState(CaseState.Completed, Now);

        var message = @case.Withdraw(Now, Referrals.Jugendamt, Guid.NewGuid(), WithdrawalReasonCodes.ProceedingsDropped, Today);

        AssertAddressed(@case, message);
        Assert.Equal(WithdrawalOutcomeCodes.AlreadyCompleted, message.Outcome);
        Assert.Equal(nameof(CaseState.Completed), message.CaseState);
    }

    [Fact]
    public void Withdrawing_a_declined_case_acknowledges_it_as_already_ended()
    {
        var @case = Cases.InState(CaseState.Declined, Now);

        var message = @case.Withdraw(Now, Referrals.Jugendamt, Guid.NewGuid(), WithdrawalReasonCodes.ProceedingsDropped, Today);

        AssertAddressed(@case, message);
        Assert.Equal(WithdrawalOutcomeCodes.AlreadyEnded, message.Outcome);
        Assert.Equal(nameof(CaseState.Declined), message.CaseState);
    }

    [Fact]
    public void Reviewing_flags_after_the_deadline_returns_the_changed_flags_once()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        var afterDeadline = new DateTimeOffset(@case.Deadline.AddDays(2).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

        var message = @case.ReviewFlags(afterDeadline);
        var again = @case.ReviewFlags(afterDeadline);

        Assert.NotNull(message);
        AssertAddressed(@case, message);
        Assert.Contains(CaseFlagCodes.Overdue, message.Flags);
        Assert.Equal(@case.Flags, message.Flags);
        Assert.Equal(10m, message.HoursCompleted);
        Assert.Equal(afterDeadline, message.ChangedAt);
        Assert.Null(again);
    }

    [Fact]
    public void Reviewing_unchanged_flags_returns_no_message()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);

        Assert.Null(@case.ReviewFlags(Now));
    }

    private static void AssertAddressed(Case @case, IReferralMessage message)
    {
        Assert.Equal(@case.ReferralId, message.ReferralId);
        Assert.Equal(Referrals.Provider, message.SenderAgencyId);
        Assert.Equal(Referrals.Jugendamt, message.ReceiverAgencyId);
        Assert.Equal(@case.ProviderId, message.SenderAgencyId);
        Assert.Equal(@case.JugendamtId, message.ReceiverAgencyId);
    }
}
