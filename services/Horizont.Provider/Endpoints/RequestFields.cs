using System.Globalization;
using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;

namespace Horizont.Provider.Endpoints;

/// <summary>
/// Reads dates, times and free texts from request fields, adding a German field error when they are missing or break a
/// rule of <see cref="ReferralLimits"/> (the limits the Jugendamt applies to the events too). An error names the field
/// and the rule, never the value that was entered.
/// </summary>
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
        errors.Add(field, "Der Wert ist kein Datum; erwartet JJJJ-MM-TT, z. B. 2026-12-01.");
        return null;
    }

    /// <summary>
    /// A required ISO date of something that happened: not after <paramref name="today"/> and at most
    /// <see cref="ReferralLimits.MaxDaysInPast"/> days before it.
    /// </summary>
    public static DateOnly? PastDate(this FieldErrors errors, string field, string? value, DateOnly today)
    {
        var date = errors.Date(field, value);
        if (date > today)
        {
            errors.Add(field, $"Das Datum liegt in der Zukunft (heute ist der {GermanText.Date(today)}).");
            return null;
        }

        return errors.NotTooLongAgo(field, date, today);
    }

    /// <summary>
    /// A required ISO date of something planned or under way: at most <see cref="ReferralLimits.MaxDaysInPast"/> days
    /// before <paramref name="today"/> and at most <see cref="ReferralLimits.MaxDeadlineYearsAhead"/> years after it.
    /// </summary>
    public static DateOnly? PlannedDate(this FieldErrors errors, string field, string? value, DateOnly today) =>
        errors.NotTooFarAhead(field, errors.NotTooLongAgo(field, errors.Date(field, value), today), today);

    /// <summary>A required ISO date after <paramref name="today"/> at the latest <see cref="ReferralLimits.MaxDeadlineYearsAhead"/> years ahead (a deadline).</summary>
    public static DateOnly? FutureDate(this FieldErrors errors, string field, string? value, DateOnly today)
    {
        var date = errors.Date(field, value);
        if (date <= today)
        {
            errors.Add(field, $"Das Datum muss in der Zukunft liegen (heute ist der {GermanText.Date(today)}).");
            return null;
        }

        return errors.NotTooFarAhead(field, date, today);
    }

    /// <summary>
    /// An optional free text: at most <paramref name="maximum"/> characters and no control or invisible formatting
    /// characters (line breaks only where <paramref name="lineBreaks"/>).
    /// </summary>
    public static void Text(this FieldErrors errors, string field, string? value, int maximum, bool lineBreaks)
    {
        errors.MaxLength(field, value, maximum);
        if (ReferralLimits.HasForbiddenCharacters(value, lineBreaks))
        {
            errors.Add(field, lineBreaks
                ? "Steuerzeichen und unsichtbare Formatierungszeichen sind nicht erlaubt (nur Zeilenumbrüche)."
                : "Steuerzeichen, Zeilenumbrüche und unsichtbare Formatierungszeichen sind nicht erlaubt.");
        }
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
                errors.Add(field, "Diesen Zeitpunkt gibt es in deutscher Zeit wegen der Zeitumstellung nicht.");
                return null;
            }

            return new DateTimeOffset(local, HorizontTime.Zone.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
            return withOffset;

        errors.Add(field, "Der Wert ist kein Zeitpunkt; erwartet JJJJ-MM-TTThh:mm in deutscher Zeit (z. B. 2026-12-01T15:00) oder mit Zeitzone.");
        return null;
    }

    /// <summary>A required point in time of something planned (an appointment), on a day <see cref="PlannedDate"/> allows.</summary>
    public static DateTimeOffset? PlannedDateTime(this FieldErrors errors, string field, string? value, DateOnly today)
    {
        var instant = errors.DateTime(field, value);
        if (instant is not { } at)
            return null;
        var day = HorizontTime.DayOf(at);
        return errors.NotTooFarAhead(field, errors.NotTooLongAgo(field, day, today), today) is null ? null : at;
    }

    private static DateOnly? NotTooLongAgo(this FieldErrors errors, string field, DateOnly? date, DateOnly today)
    {
        var earliest = ReferralLimits.EarliestEventDate(today);
        if (date is not { } d || d >= earliest)
            return date;
        errors.Add(field, $"Das Datum liegt mehr als {ReferralLimits.MaxDaysInPast} Tage zurück; frühestens {GermanText.Date(earliest)}.");
        return null;
    }

    private static DateOnly? NotTooFarAhead(this FieldErrors errors, string field, DateOnly? date, DateOnly today)
    {
        var latest = ReferralLimits.LatestDeadline(today);
        if (date is not { } d || d <= latest)
            return date;
        errors.Add(field, $"Das Datum liegt mehr als {ReferralLimits.MaxDeadlineYearsAhead} Jahre in der Zukunft; spätestens {GermanText.Date(latest)}.");
        return null;
    }

    public static void AddAll(this FieldErrors errors, IEnumerable<InputProblem> problems)
    {
        foreach (var problem in problems)
            errors.Add(problem.Field, problem.Message);
    }
}
