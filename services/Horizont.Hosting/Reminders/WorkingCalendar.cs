using System.Collections.Concurrent;
using PublicHoliday;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Working days of one German federal state: no Saturday, no Sunday, no public holiday of that state
/// (from the PublicHoliday library, not a hand-made list).
/// </summary>
public sealed class WorkingCalendar
{
    private readonly GermanPublicHoliday _holidays;

    /// <summary>
    /// The holidays of each year asked for, from the library once: it works a year's holidays out anew on every question,
    /// and one sweep asks it a dozen times per referral (measured: most of a batch's time).
    /// </summary>
    private readonly ConcurrentDictionary<int, HashSet<DateOnly>> _years = new();

    public WorkingCalendar(string federalState)
    {
        if (!Enum.GetNames<GermanPublicHoliday.States>().Contains(federalState, StringComparer.Ordinal)
            || !Enum.TryParse<GermanPublicHoliday.States>(federalState, ignoreCase: false, out var state)
            || state == GermanPublicHoliday.States.ALL)
        {
            throw new ArgumentOutOfRangeException(nameof(federalState), federalState,
                $"'{federalState}' is not a German federal state code; allowed: {string.Join(", ", Enum.GetNames<GermanPublicHoliday.States>().Where(s => s != "ALL"))}.");
        }

        _holidays = new GermanPublicHoliday { State = state };
    }

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !_years.GetOrAdd(day.Year, year => [.. _holidays.PublicHolidays(year).Select(DateOnly.FromDateTime)]).Contains(day);

    /// <summary>The day <paramref name="count"/> working days after (positive) or before (negative) <paramref name="day"/>; 0 gives the day itself.</summary>
    public DateOnly AddWorkingDays(DateOnly day, int count)
    {
        var step = Math.Sign(count);
        for (var left = Math.Abs(count); left > 0;)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
                left--;
        }

        return day;
    }
}
