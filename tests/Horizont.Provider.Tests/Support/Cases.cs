using Horizont.Hosting;
using Horizont.Messages;
using Horizont.Provider.Data;

namespace Horizont.Provider.Tests.Support;

/// <summary>Cases walked to a state through the domain's own steps, as staff would take them, all at one instant.</summary>
internal static class Cases
{
    public const string Staff = "a.schulz";
    public const string PlacementName = "Tierheim Nordhausen";

    /// <summary>
    /// A case in <paramref name="state"/>. Placed ten days before <paramref name="now"/>; in progress with
    /// 10 hours; completed with all hours ordered (10 a day); reported from in progress; withdrawn from in progress.
    /// </summary>
    public static Case InState(CaseState state, DateTimeOffset now, SubmitReferral? referral = null)
    {
        referral ??= Referrals.Valid();
        var today = HorizontTime.DayOf(now);
        var @case = Case.Receive(referral, Guid.NewGuid(), now);
        switch (state)
        {
            case CaseState.Submitted:
                return @case;
            case CaseState.Declined:
                @case.Decline(now, Staff, DeclineReasonCodes.NoCapacity, null);
                return @case;
        }

        @case.Accept(now, Staff);
        if (state == CaseState.Accepted)
            return @case;
        @case.ScheduleIntake(now, Staff, now.AddDays(1));
        if (state == CaseState.IntakeScheduled)
            return @case;
        if (state == CaseState.IntakeMissed)
        {
            @case.RecordIntakeMissed(now, Staff, today);
            return @case;
        }

        @case.RecordIntakeHeld(now, Staff, today);
        if (state == CaseState.IntakeHeld)
            return @case;
        var start = today.AddDays(-10);
        @case.ArrangePlacement(now, Staff, PlacementCategoryCodes.Social, PlacementName, start);
        if (state == CaseState.Placed)
            return @case;
        @case.LogHours(now, Staff, start, 10m, correction: false, note: null);
        switch (state)
        {
            case CaseState.InProgress:
                return @case;
            case CaseState.NonComplianceReported:
                @case.ReportNonCompliance(now, Staff, NonComplianceReasonCodes.DroppedOut, [today.AddDays(-3)], null);
                return @case;
            case CaseState.Withdrawn:
                @case.Withdraw(now, referral.SenderAgencyId, Guid.NewGuid(), WithdrawalReasonCodes.ProceedingsDropped, today);
                return @case;
            case CaseState.Completed:
                for (var day = start.AddDays(1); @case.HoursOpen > 0; day = day.AddDays(1))
                    @case.LogHours(now, Staff, day, Math.Min(10m, @case.HoursOpen), correction: false, note: null);
                @case.Complete(now, Staff, today);
                return @case;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "No walk to this state.");
        }
    }
}
