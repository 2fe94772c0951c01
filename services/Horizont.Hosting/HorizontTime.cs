namespace Horizont.Hosting;

/// <summary>Dates as the agencies see them: German local time, whatever the server's zone.</summary>
public static class HorizontTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>Today in Germany.</summary>
    public static DateOnly Today(this TimeProvider time) => DayOf(time.GetUtcNow());

    /// <summary>The date in Germany at an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>
    /// The instant of a German local date and time. A time that does not exist (the hour skipped when summer
    /// time begins) is taken an hour later; an ambiguous one (the hour repeated in autumn) as the first of the two.
    /// </summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
            local = local.AddHours(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Midnight at the start of a German date.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);
}
