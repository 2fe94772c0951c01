using System.Globalization;
using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Provider.Data;

namespace Horizont.Provider.Endpoints;

/// <summary>Reads dates and times from request fields, adding a German field error when they are missing or wrong.</summary>
internal static class RequestFields
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>A required ISO date (<c>2026-12-01</c>).</summary>
    public static DateOnly? Date(this FieldErrors errors, string field, string? value)
    {
        if (!errors.Require(field, value))
            return null;
        if (DateOnly.TryParseExact(value!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        errors.Add(field, $"'{FieldErrors.Shorten(value)}' ist kein Datum; erwartet JJJJ-MM-TT, z. B. 2026-12-01.");
        return null;
    }

    /// <summary>A required ISO date that is not after <paramref name="today"/>.</summary>
    public static DateOnly? PastDate(this FieldErrors errors, string field, string? value, DateOnly today)
    {
        var date = errors.Date(field, value);
        if (date > today)
        {
            errors.Add(field, $"Das Datum liegt in der Zukunft (heute ist der {GermanText.Date(today)}).");
            return null;
        }

        return date;
    }

    /// <summary>
    /// A required point in time: German local time without offset (<c>2026-12-01T15:00</c>, as staff enter
    /// it), or ISO 8601 with an offset or <c>Z</c>.
    /// </summary>
    public static DateTimeOffset? DateTime(this FieldErrors errors, string field, string? value)
    {
        if (!errors.Require(field, value))
            return null;
        var text = value!.Trim();
        if (System.DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (HorizontTime.Zone.IsInvalidTime(local))
            {
                errors.Add(field, $"'{FieldErrors.Shorten(text)}' gibt es in deutscher Zeit wegen der Zeitumstellung nicht.");
                return null;
            }

            return new DateTimeOffset(local, HorizontTime.Zone.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
            return withOffset;

        errors.Add(field, $"'{FieldErrors.Shorten(text)}' ist kein Zeitpunkt; erwartet JJJJ-MM-TTThh:mm in deutscher Zeit (z. B. 2026-12-01T15:00) oder mit Zeitzone.");
        return null;
    }

    public static void AddAll(this FieldErrors errors, IEnumerable<InputProblem> problems)
    {
        foreach (var problem in problems)
            errors.Add(problem.Field, problem.Message);
    }
}
