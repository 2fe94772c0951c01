namespace Horizont.Hosting.Reminders;

/// <summary>
/// Turns a rule's settings into due times for one agency: forward from the step that started the rule, or
/// back from a deadline, counting the day part in calendar or working days of the agency's federal state.
/// Local (German) time of day is kept across the days, so "3 working days after Friday 10:00" is Wednesday 10:00,
/// and "14 days after 10:00" is 10:00 also across a change to or from summer time.
/// </summary>
public sealed class ReminderTiming(ReminderOptions options, WorkingCalendar calendar, ReminderSide side)
{
    public ReminderRule Rule(string name) => ReminderCatalogue.Find(side, name);

    /// <summary>When the rule fires for a step taken at <paramref name="start"/>; null when the rule is switched off.</summary>
    public DateTimeOffset? After(string rule, DateTimeOffset start)
    {
        var (after, kind, enabled) = options.For(Rule(rule));
        return enabled ? Shift(start, after, kind, +1) : null;
    }

    /// <summary>When a rule counted back from a deadline fires, for a deadline at <paramref name="end"/>; null when switched off.</summary>
    public DateTimeOffset? Before(string rule, DateTimeOffset end)
    {
        var (before, kind, enabled) = options.For(Rule(rule));
        return enabled ? Shift(end, before, kind, -1) : null;
    }

    /// <summary>
    /// The occasion of a repeating rule after <paramref name="previous"/>: <c>After</c> later. When that is still not
    /// after <paramref name="now"/> on a calendar-day rule, it jumps straight to the last occasion up to now, so a
    /// long downtime costs one step, not one per missed occasion.
    /// </summary>
    public DateTimeOffset Next(string rule, DateTimeOffset previous, DateTimeOffset now)
    {
        var (after, kind, _) = options.For(Rule(rule));
        if (after <= TimeSpan.Zero)
            return DateTimeOffset.MaxValue;
        if (kind == ReminderCalendar.CalendarDays)
        {
            // Straight to the last occasion up to now; the step back covers the hour a DST change can add.
            var steps = Math.Max(1, (now - previous).Ticks / after.Ticks);
            var jumped = Shift(previous, TimeSpan.FromTicks(after.Ticks * steps), kind, +1);
            return jumped > now && steps > 1 ? Shift(previous, TimeSpan.FromTicks(after.Ticks * (steps - 1)), kind, +1) : jumped;
        }

        return Shift(previous, after, kind, +1);
    }

    private DateTimeOffset Shift(DateTimeOffset from, TimeSpan by, ReminderCalendar kind, int direction)
    {
        if (by.Days == 0)
            return from + (direction * by);

        var local = TimeZoneInfo.ConvertTime(from, HorizontTime.Zone);
        var start = DateOnly.FromDateTime(local.DateTime);
        var day = kind == ReminderCalendar.WorkingDays ? calendar.AddWorkingDays(start, direction * by.Days) : start.AddDays(direction * by.Days);
        var shifted = HorizontTime.At(day, TimeOnly.FromTimeSpan(local.TimeOfDay));
        return shifted + (direction * (by - TimeSpan.FromDays(by.Days)));
    }
}
