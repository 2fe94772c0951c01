namespace Horizont.Messages;

/// <summary>
/// The limits of the contract, defined once: the Jugendamt's intake (files, HTTP, pages), the provider's staff API and
/// the consumers on both sides check against these and nothing else, so what one side accepts the other accepts too.
/// </summary>
public static class ReferralLimits
{
    /// <summary>Hours ordered (and amended): at least this many.</summary>
    public const decimal MinHours = 1;

    /// <summary>Hours ordered (and amended): at most this many (domain.md: usually 30–40, about 8–120).</summary>
    public const decimal MaxHours = 300;

    /// <summary>Every short free text: a note, a decline note, a recommendation.</summary>
    public const int MaxNoteLength = 500;

    public const int MaxNameLength = 200;

    public const int MaxPhoneLength = 50;

    /// <summary>RFC 5321's limit of a forward path.</summary>
    public const int MaxEmailLength = 254;

    public const int MaxAddressLength = 300;

    public const int MaxFileReferenceLength = 100;

    /// <summary>A refusal's reason text.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>A deadline lies at most this many years after the day it is set (a Weisung runs up to two years and may be extended to three).</summary>
    public const int MaxDeadlineYearsAhead = 3;

    /// <summary>
    /// The young person's age on the day of the referral: at least 14 (criminal responsibility, §19 StGB, §1 JGG) and
    /// at most 25. The JGG covers acts at 14 to 20; proceedings and the order itself can take a few years beyond that.
    /// </summary>
    public const int MinAgeYears = 14;

    /// <inheritdoc cref="MinAgeYears"/>
    public const int MaxAgeYears = 25;

    /// <summary>A date something happened or is planned on (an intake meeting, a placement's start, a shift, a court decision) lies at most this many days in the past.</summary>
    public const int MaxDaysInPast = 366;

    /// <summary>Whole years of age on <paramref name="day"/>.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        return day < dateOfBirth.AddYears(age) ? age - 1 : age;
    }

    /// <summary>A date of birth that fits the JGG's age range (<see cref="MinAgeYears"/> to <see cref="MaxAgeYears"/>) on <paramref name="day"/>.</summary>
    public static bool IsPlausibleDateOfBirth(DateOnly dateOfBirth, DateOnly day) =>
        dateOfBirth < day && AgeOn(dateOfBirth, day) is >= MinAgeYears and <= MaxAgeYears;

    /// <summary>The latest deadline that may be set on <paramref name="day"/>.</summary>
    public static DateOnly LatestDeadline(DateOnly day) => day.AddYears(MaxDeadlineYearsAhead);

    /// <summary>The earliest date of something that happened or is planned, as judged on <paramref name="day"/>.</summary>
    public static DateOnly EarliestEventDate(DateOnly day) => day.AddDays(-MaxDaysInPast);

    /// <summary>Hours within <see cref="MinHours"/> and <see cref="MaxHours"/>.</summary>
    public static bool IsValidHours(decimal hours) => hours is >= MinHours and <= MaxHours;

    /// <summary>
    /// Whether a text holds characters that have no place in a name, a reference or a note: control characters (NUL, ESC,
    /// CR, LF, TAB…; line feeds are allowed where <paramref name="allowLineBreaks"/>), Unicode format characters such as
    /// right-to-left overrides and zero-width characters that make a text read differently than it is, and unpaired
    /// surrogates or non-characters.
    /// </summary>
    public static bool HasForbiddenCharacters(string? text, bool allowLineBreaks = false)
    {
        if (text is null)
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (allowLineBreaks && (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')))
                continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                return true;
            var category = char.GetUnicodeCategory(c);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }
}
