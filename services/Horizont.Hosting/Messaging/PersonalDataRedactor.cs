using System.Globalization;
using System.Text.Json;
using Horizont.Hosting.Logging;
using Horizont.Messages;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Removes from a failure's texts (exception message, stack trace, headers) every value the message body carries,
/// except ids, agency ids and the wire codes of the contracts: a consumer that wrote a name into its exception must
/// not show it to operations. The body itself is read only for this and then dropped. A body that is not JSON
/// cannot be checked, so its texts are not shown at all (<see cref="CanCheck"/>). Sealed personal fields are not in the
/// body as text; the receiving agency removed their values from the fault texts already (<see cref="FaultTextRedaction"/>).
/// </summary>
public sealed class PersonalDataRedactor
{
    public const string Placeholder = PersonalData.Placeholder;

    private const int MinLength = 3;

    /// <summary>Every wire code of the contracts: shown, they carry no person. Anything else in capitals (a surname) is not exempt.</summary>
    private static readonly HashSet<string> s_codes =
    [
        .. LegalBasisCodes.All, .. DeclineReasonCodes.All, .. WorkConstraintCodes.All, .. PlacementCategoryCodes.All,
        .. NonComplianceReasonCodes.All, .. ExtensionReasonCodes.All, .. WithdrawalReasonCodes.All, .. IntakeOutcomeCodes.All,
        .. CaseFlagCodes.All, .. WithdrawalOutcomeCodes.All,
    ];

    /// <summary>Fields whose words can each name someone on their own: "Lena" of "Anna Lena", "Heide" of "von der Heide".</summary>
    private static readonly HashSet<string> s_namingFields = new(["givenName", "familyName", "name", "address"], StringComparer.OrdinalIgnoreCase);

    private readonly List<string> _values;

    private PersonalDataRedactor(List<string> values, bool canCheck)
    {
        _values = values;
        CanCheck = canCheck;
    }

    /// <summary>False when the body could not be read as JSON: then no text of the failure may be shown.</summary>
    public bool CanCheck { get; }

    public static PersonalDataRedactor FromBody(ReadOnlySpan<byte> body, IReadOnlySet<string> agencyIds)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var canCheck = true;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            // A MassTransit envelope keeps the message under "message"; a raw body is the message.
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var inner) ? inner : root;
            Collect(message, values, agencyIds);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON (or not valid UTF-8): nothing to learn from, so nothing may be shown.
            canCheck = false;
        }

        return new PersonalDataRedactor([.. values], canCheck);
    }

    public string Redact(string text)
    {
        // Whole words, longest first, as the logs do: a given name "Max" leaves "MaxLength" in a stack trace alone.
        return CanCheck ? PersonalValues.Scrub(text, _values) : Placeholder;
    }

    private static void Collect(JsonElement element, HashSet<string> values, IReadOnlySet<string> agencyIds, string? field = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, values, agencyIds, property.Name);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, values, agencyIds, field);
                break;
            case JsonValueKind.String:
                var value = element.GetString()!.Trim();
                if (value.Length < MinLength || Guid.TryParse(value, out _) || agencyIds.Contains(value) || s_codes.Contains(value))
                    return;
                values.Add(value);
                if (field is not null && s_namingFields.Contains(field))
                {
                    // A word that is part of an agency id ("Nordhausen" of ja-nordhausen) names a place, not a person.
                    values.UnionWith(PersonalData.NameWords(value).Where(word => !agencyIds.Any(id => id.Contains(word, StringComparison.OrdinalIgnoreCase))));
                }

                // A date of birth also appears as a German date.
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    values.UnionWith(PersonalData.DateForms(date));

                break;
        }
    }
}
