using Horizont.Hosting.Reminders;

namespace Horizont.Hosting.Tests;

public sealed class ReminderTimingTests
{
    private static readonly WorkingCalendar Thuringia = new("TH");

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0) =>
        HorizontTime.At(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    private static ReminderTiming Timing(ReminderSide side = ReminderSide.Provider, params (string Rule, ReminderRuleOptions Settings)[] rules)
    {
        var options = new ReminderOptions();
        foreach (var (rule, settings) in rules)
            options.Rules[rule] = settings;
        return new ReminderTiming(options, Thuringia, side);
    }

    [Fact]
    public void Unanswered_referral_from_Friday_morning_is_due_Wednesday_at_the_same_time()
    {
        var due = Timing().After(ReminderCatalogue.UnansweredReferral, Berlin(2026, 11, 27, 10));

        Assert.Equal(Berlin(2026, 12, 2, 10), due);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void Three_working_days_before_Christmas_skip_both_Christmas_days_and_the_weekend()
    {
        // 24 Dec (Thu) counts, 25 Dec (Fri) and 26/27 Dec (weekend) do not, then Mon 28 and Tue 29.
        var due = Timing().After(ReminderCatalogue.UnansweredReferral, Berlin(2026, 12, 23, 9));

        Assert.Equal(Berlin(2026, 12, 29, 9), due);
    }

    [Fact]
    public void Three_working_days_skip_Reformation_Day()
    {
        // Mon 30 Oct 2028; Tue 31 Oct is Reformationstag; then Wed, Thu, Fri.
        var due = Timing().After(ReminderCatalogue.UnansweredReferral, Berlin(2028, 10, 30, 14, 15));

        Assert.Equal(Berlin(2028, 11, 3, 14, 15), due);
    }

    [Fact]
    public void Working_days_keep_the_local_time_across_the_switch_to_summer_time()
    {
        var timing = Timing(rules: (ReminderCatalogue.UnansweredReferral, new ReminderRuleOptions { After = TimeSpan.FromDays(1) }));

        // Thu 25 Mar 2027 10:00 CET; Good Friday, the weekend (summer time from Sunday) and Easter Monday are skipped.
        var due = timing.After(ReminderCatalogue.UnansweredReferral, Berlin(2027, 3, 25, 10));

        Assert.Equal(new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void The_time_part_of_After_is_added_after_the_working_days()
    {
        var timing = Timing(rules: (ReminderCatalogue.UnansweredReferral,
            new ReminderRuleOptions { After = new TimeSpan(1, 2, 0, 0), Calendar = ReminderCalendar.WorkingDays }));

        var due = timing.After(ReminderCatalogue.UnansweredReferral, Berlin(2026, 11, 27, 10));

        Assert.Equal(Berlin(2026, 11, 30, 12), due);
    }

    [Fact]
    public void After_without_days_adds_exactly_the_seconds_even_on_a_weekend()
    {
        var timing = Timing(rules: (ReminderCatalogue.UnansweredReferral,
            new ReminderRuleOptions { After = TimeSpan.FromSeconds(10), Calendar = ReminderCalendar.WorkingDays }));
        var saturday = Berlin(2026, 11, 28, 23, 59);

        Assert.Equal(saturday.AddSeconds(10), timing.After(ReminderCatalogue.UnansweredReferral, saturday));
    }

    [Fact]
    public void Calendar_days_add_the_plain_duration_over_weekends_and_holidays()
    {
        var timing = Timing(rules: (ReminderCatalogue.UnansweredReferral,
            new ReminderRuleOptions { After = TimeSpan.FromDays(3), Calendar = ReminderCalendar.CalendarDays }));
        var start = Berlin(2026, 12, 23, 9);

        Assert.Equal(Berlin(2026, 12, 26, 9), timing.After(ReminderCatalogue.UnansweredReferral, start));
    }

    [Fact]
    public void Intake_not_scheduled_defaults_to_fourteen_calendar_days()
    {
        var start = Berlin(2026, 11, 27, 10);

        Assert.Equal(Berlin(2026, 12, 11, 10), Timing().After(ReminderCatalogue.IntakeNotScheduled, start));
    }

    [Fact]
    public void Deadline_approaching_fires_28_calendar_days_before_the_deadline()
    {
        var deadline = Berlin(2027, 6, 30, 0);

        Assert.Equal(Berlin(2027, 6, 2, 0), Timing().Before(ReminderCatalogue.DeadlineApproaching, deadline));
    }

    [Fact]
    public void Before_with_working_days_counts_back_over_the_weekend()
    {
        var timing = Timing(rules: (ReminderCatalogue.ExtensionPrompt,
            new ReminderRuleOptions { After = TimeSpan.FromDays(3), Calendar = ReminderCalendar.WorkingDays }));

        Assert.Equal(Berlin(2026, 11, 27, 10), timing.Before(ReminderCatalogue.ExtensionPrompt, Berlin(2026, 12, 2, 10)));
    }

    [Fact]
    public void A_disabled_rule_has_no_due_time()
    {
        var timing = Timing(rules: (ReminderCatalogue.UnansweredReferral, new ReminderRuleOptions { Enabled = false }));

        Assert.Null(timing.After(ReminderCatalogue.UnansweredReferral, Berlin(2026, 11, 27, 10)));
        Assert.NotNull(timing.After(ReminderCatalogue.IntakeMissed, Berlin(2026, 11, 27, 10)));
    }

    [Fact]
    public void A_disabled_deadline_rule_has_no_due_time()
    {
        var timing = Timing(rules: (ReminderCatalogue.DeadlineApproaching, new ReminderRuleOptions { Enabled = false }));

        Assert.Null(timing.Before(ReminderCatalogue.DeadlineApproaching, Berlin(2027, 6, 30, 0)));
    }

    [Fact]
    public void A_rule_of_the_other_side_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Timing(ReminderSide.Provider).After(ReminderCatalogue.NonComplianceFollowUp, Berlin(2026, 11, 27, 10)));
    }

    [Fact]
    public void The_next_follow_up_after_a_long_pause_is_the_latest_occasion_up_to_now_in_one_step()
    {
        var timing = Timing(ReminderSide.Jugendamt);
        var t0 = Berlin(2027, 1, 4, 9);

        var next = timing.Next(ReminderCatalogue.NonComplianceFollowUp, t0, t0 + TimeSpan.FromDays(100));

        // 84 days later at the same German time of day: 9:00 in summer time, an hour earlier in UTC.
        Assert.Equal(Berlin(2027, 3, 29, 9), next);
    }

    [Fact]
    public void The_next_follow_up_before_it_is_due_is_one_interval_after_the_previous()
    {
        var timing = Timing(ReminderSide.Jugendamt);
        var t0 = Berlin(2027, 1, 4, 9);

        var next = timing.Next(ReminderCatalogue.NonComplianceFollowUp, t0, t0 + TimeSpan.FromDays(10));

        Assert.Equal(t0 + TimeSpan.FromDays(28), next);
    }

    [Fact]
    public void The_next_follow_up_exactly_at_an_occasion_is_that_occasion()
    {
        var timing = Timing(ReminderSide.Jugendamt);
        var t0 = Berlin(2027, 1, 4, 9);

        Assert.Equal(t0 + TimeSpan.FromDays(56), timing.Next(ReminderCatalogue.NonComplianceFollowUp, t0, t0 + TimeSpan.FromDays(56)));
    }

    [Fact]
    public void A_time_that_summer_time_skips_is_taken_an_hour_later()
    {
        var at = HorizontTime.At(new DateOnly(2027, 3, 28), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), at);
        Assert.Equal(new TimeOnly(3, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, HorizontTime.Zone).DateTime));
    }

    [Fact]
    public void A_time_repeated_when_summer_time_ends_is_taken_as_the_first_of_the_two()
    {
        var at = HorizontTime.At(new DateOnly(2027, 10, 31), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void Start_of_a_German_day_is_midnight_in_Berlin()
    {
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 23, 0, 0, TimeSpan.Zero), HorizontTime.StartOf(new DateOnly(2027, 1, 15)));
        Assert.Equal(new DateTimeOffset(2027, 7, 14, 22, 0, 0, TimeSpan.Zero), HorizontTime.StartOf(new DateOnly(2027, 7, 15)));
    }
}
