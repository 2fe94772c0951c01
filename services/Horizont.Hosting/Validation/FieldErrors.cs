using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Horizont.Hosting.Validation;

/// <summary>
/// Field errors of one input, keyed by the field's wire name (camelCase path such as
/// <c>youngPerson.guardian.name</c>); messages are German, for staff and the case system's
/// administrators, and never repeat the personal data that was entered.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> All =>
        _errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Checks that <paramref name="value"/> is one of <paramref name="allowed"/> (wire codes, case-sensitive).</summary>
    public bool RequireCode(string field, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Pflichtfeld fehlt. Erlaubt: {string.Join(", ", allowed)}.");
            return false;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            // Echo the wrong value only when it looks like a code: a value put in the wrong field may be personal data.
            Add(field, LooksLikeCode(value)
                ? $"Unbekannter Wert '{value}'. Erlaubt: {string.Join(", ", allowed)}."
                : $"Unbekannter Wert. Erlaubt: {string.Join(", ", allowed)}.");
            return false;
        }

        return true;
    }

    /// <summary>Checks an optional free text against its maximum length.</summary>
    public void MaxLength(string field, string? value, int maximum)
    {
        if (value is not null && value.Length > maximum)
            Add(field, string.Create(CultureInfo.InvariantCulture, $"Höchstens {maximum} Zeichen erlaubt, angegeben: {value.Length}."));
    }

    /// <summary>Checks that a required text is present.</summary>
    public bool Require(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            return true;
        Add(field, "Pflichtfeld fehlt.");
        return false;
    }

    /// <summary>One line per message, "field: message", for files and logs (ids and codes only).</summary>
    public IEnumerable<string> Lines() =>
        _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));

    /// <summary>RFC 7807 problem details with the field errors (HTTP 400).</summary>
    public IResult ToProblem(string title = "Die Angaben sind unvollständig oder fehlerhaft.") =>
        Results.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), title: title);

    private static bool LooksLikeCode(string value) =>
        value.Length <= 40 && value.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    /// <summary>
    /// A wrong value as contract errors (error queue, logs) may repeat it: quoted when it looks like a code, otherwise
    /// only said to be there. Operations staff read these and must never see a name put in the wrong field.
    /// </summary>
    public static string Quote(string? value) => value switch
    {
        null => "null",
        _ when LooksLikeCode(value) => $"'{value}'",
        _ => "(a value that is not shown: it does not look like a code)",
    };

    /// <summary>Echoes a wrong value back in a message without letting a long input flood it.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
