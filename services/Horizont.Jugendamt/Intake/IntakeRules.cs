using System.Globalization;
using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// The rules that referrals and their changes share (hours, dates, texts, codes, required values), so that
/// <see cref="ReferralValidator"/> and <see cref="ReferralChangeValidator"/> cannot drift apart. Every limit comes from
/// <see cref="ReferralLimits"/>, the contract both sides check (<see cref="CommandContracts"/>). Messages are German,
/// name the rule, and never repeat the value that was entered.
/// </summary>
internal static class IntakeRules
{
    /// <summary>Hours ordered: <see cref="ReferralLimits.MinHours"/> to <see cref="ReferralLimits.MaxHours"/>.</summary>
    public static void Hours(FieldErrors errors, string field, decimal hours)
    {
        if (!ReferralLimits.IsValidHours(hours))
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Stunden müssen zwischen {ReferralLimits.MinHours} und {ReferralLimits.MaxHours} liegen."));
    }

    /// <summary>A deadline: today (German time) or later, and at most <see cref="ReferralLimits.MaxDeadlineYearsAhead"/> years ahead.</summary>
    public static void Deadline(FieldErrors errors, string field, DateOnly date, DateOnly today)
    {
        if (date < today)
            errors.Add(field, $"Die Frist liegt in der Vergangenheit (heute ist der {GermanText.Date(today)}).");
        else if (date > ReferralLimits.LatestDeadline(today))
            errors.Add(field, $"Die Frist liegt mehr als {ReferralLimits.MaxDeadlineYearsAhead} Jahre in der Zukunft (spätestens {GermanText.Date(ReferralLimits.LatestDeadline(today))}).");
    }

    /// <summary>A date something happened on: today or earlier, and at most <see cref="ReferralLimits.MaxDaysInPast"/> days ago.</summary>
    public static void PastEvent(FieldErrors errors, string field, DateOnly date, DateOnly today, string what)
    {
        if (date > today)
            errors.Add(field, $"{what} liegt in der Zukunft (heute ist der {GermanText.Date(today)}).");
        else
            NotLongAgo(errors, field, date, today, what);
    }

    /// <summary>A date from which something applies: at most <see cref="ReferralLimits.MaxDaysInPast"/> days ago and at most as far ahead as a deadline.</summary>
    public static void PlausibleDate(FieldErrors errors, string field, DateOnly date, DateOnly today, string what)
    {
        if (date > ReferralLimits.LatestDeadline(today))
            errors.Add(field, $"{what} liegt mehr als {ReferralLimits.MaxDeadlineYearsAhead} Jahre in der Zukunft (spätestens {GermanText.Date(ReferralLimits.LatestDeadline(today))}).");
        else
            NotLongAgo(errors, field, date, today, what);
    }

    /// <summary>
    /// A text: present when <paramref name="required"/> (skipped when the field already has an error, a value of the
    /// wrong type), at most <paramref name="maximum"/> characters (without surrounding spaces), and free of control and
    /// formatting characters (NUL, ESC, tab, right-to-left overrides…; line breaks only where <paramref name="lineBreaks"/>).
    /// True when the value is present and valid.
    /// </summary>
    public static bool Text(FieldErrors errors, string field, string? value, int maximum, bool required = false, bool lineBreaks = false)
    {
        if (errors.All.ContainsKey(field))
            return false;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(field, "Pflichtfeld fehlt.");
            return false;
        }

        var before = errors.All.Count;
        errors.MaxLength(field, value.Trim(), maximum);
        if (ReferralLimits.HasForbiddenCharacters(value, lineBreaks))
        {
            errors.Add(field, lineBreaks
                ? "Enthält Steuer- oder Formatierungszeichen (z. B. Tabulator, Escape, Richtungsumkehr); erlaubt sind nur Zeilenumbrüche."
                : "Enthält Steuer- oder Formatierungszeichen (z. B. Zeilenumbruch, Tabulator, Escape, Richtungsumkehr); in diesem Feld nicht erlaubt.");
        }

        return errors.All.Count == before;
    }

    /// <summary>A required code from <paramref name="allowed"/> (wire codes, case-sensitive); a wrong value is not repeated.</summary>
    public static bool Code(FieldErrors errors, string field, string? value, IReadOnlyList<string> allowed)
    {
        if (errors.All.ContainsKey(field))
            return false;
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"Pflichtfeld fehlt. Erlaubt: {string.Join(", ", allowed)}.");
            return false;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
            return true;
        errors.Add(field, $"Unbekannter Code. Erlaubt: {string.Join(", ", allowed)}.");
        return false;
    }

    /// <summary>A required text; skipped when the field already has an error (a value of the wrong type).</summary>
    public static bool Require(FieldErrors errors, string field, string? value) =>
        !errors.All.ContainsKey(field) && errors.Require(field, value);

    /// <summary>A required typed value; a value that could not be read already has its error.</summary>
    public static bool Present<T>(FieldErrors errors, string field, T? value)
        where T : struct
    {
        if (value.HasValue)
            return true;
        if (!errors.All.ContainsKey(field))
            errors.Add(field, "Pflichtfeld fehlt.");
        return false;
    }

    /// <summary>An id that is given must not be the empty GUID.</summary>
    public static void NotEmptyId(FieldErrors errors, string field, Guid? id)
    {
        if (id == Guid.Empty)
            errors.Add(field, "Die leere GUID ist keine gültige Kennung.");
    }

    private static void NotLongAgo(FieldErrors errors, string field, DateOnly date, DateOnly today, string what)
    {
        if (date < ReferralLimits.EarliestEventDate(today))
            errors.Add(field, $"{what} liegt mehr als {ReferralLimits.MaxDaysInPast} Tage zurück (frühestens {GermanText.Date(ReferralLimits.EarliestEventDate(today))}).");
    }
}
