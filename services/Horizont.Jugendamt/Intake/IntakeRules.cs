using Horizont.Hosting;
using System.Globalization;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// The rules that referrals and their changes share (hours, deadline, dates, required values), so that
/// <see cref="ReferralValidator"/> and <see cref="ReferralChangeValidator"/> cannot drift apart.
/// </summary>
internal static class IntakeRules
{
    public const decimal MinHours = 1;
    public const decimal MaxHours = 300;

    /// <summary>Hours ordered: 1 to 300.</summary>
    public static void Hours(FieldErrors errors, string field, decimal hours)
    {
        if (hours is < MinHours or > MaxHours)
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"Stunden müssen zwischen {MinHours} und {MaxHours} liegen."));
    }

    /// <summary>A deadline: today (German time) or later.</summary>
    public static void NotPast(FieldErrors errors, string field, DateOnly date, DateOnly today)
    {
        if (date < today)
            errors.Add(field, $"Die Frist liegt in der Vergangenheit (heute ist der {GermanText.Date(today)}).");
    }

    /// <summary>A date something happened on: today or earlier.</summary>
    public static void NotFuture(FieldErrors errors, string field, DateOnly date, DateOnly today, string what)
    {
        if (date > today)
            errors.Add(field, $"{what} liegt in der Zukunft (heute ist der {GermanText.Date(today)}).");
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
}
