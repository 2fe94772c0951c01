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

    /// <summary>Full years between a date of birth and a day.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        if (day < dateOfBirth.AddYears(age))
            age--;
        return age;
    }
}
