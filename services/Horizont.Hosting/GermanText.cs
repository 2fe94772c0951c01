using System.Globalization;

namespace Horizont.Hosting;

/// <summary>Dates, times and numbers as German staff read them in history lines and reports.</summary>
public static class GermanText
{
    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>German local time, e.g. <c>12.01.2027 09:30</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, HorizontTime.Zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Hours with a decimal comma and no trailing zeros, e.g. <c>12,5</c>.</summary>
    public static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>A personal value as the pages show it: „gelöscht“ once the record's personal data was erased (left blank).</summary>
    public static string OrErased(string? value) => string.IsNullOrWhiteSpace(value) ? "gelöscht" : value;
}
