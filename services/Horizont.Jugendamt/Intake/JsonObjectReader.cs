using System.Globalization;
using System.Text.Json;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>The properties of one JSON object, checked against the names it may have.</summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private readonly FieldErrors _errors;

    public JsonObjectReader(JsonElement element, string prefix, IReadOnlyCollection<string> known, FieldErrors errors)
    {
        _prefix = prefix;
        _errors = errors;
        foreach (var property in element.EnumerateObject())
        {
            var path = Path(property.Name);
            if (!known.Contains(property.Name))
            {
                errors.Add(FieldErrors.Shorten(path), $"Unbekanntes Feld. Erlaubt: {string.Join(", ", known)}.");
                continue;
            }

            if (!_properties.TryAdd(property.Name, property.Value))
                errors.Add(path, "Feld mehrfach angegeben.");
        }
    }

    public bool HasError(string name) => _errors.All.ContainsKey(Path(name));

    public string? String(string name)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        _errors.Add(Path(name), "Erwartet wird ein Text (in Anführungszeichen).");
        return null;
    }

    public Guid? Guid(string name)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String && System.Guid.TryParse(value.GetString(), out var id))
            return id;
        _errors.Add(Path(name), "Keine gültige GUID (z. B. 3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f4a60).");
        return null;
    }

    public decimal? Number(string name)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            return number;
        _errors.Add(Path(name), "Erwartet wird eine Zahl (z. B. 40 oder 12.5, ohne Anführungszeichen).");
        return null;
    }

    public bool? Boolean(string name)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        _errors.Add(Path(name), "Erwartet wird true oder false (ohne Anführungszeichen).");
        return null;
    }

    public DateOnly? Date(string name)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String && InputValues.TryParseDate(value.GetString()!, allowGerman: false, out var date))
            return date;
        _errors.Add(Path(name), InputValues.IsoDateMessage);
        return null;
    }

    public List<string> Strings(string name)
    {
        if (!TryGet(name, out var value))
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(Path(name), "Erwartet wird eine Liste von Codes, z. B. [\"SCHOOL_HOURS\"].");
            return [];
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                items.Add(item.GetString()!);
            else
                _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Path(name)}[{index}]"), "Erwartet wird ein Code als Text.");
            index++;
        }

        return items;
    }

    public JsonObjectReader? Object(string name, IReadOnlyCollection<string> known)
    {
        if (!TryGet(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Object)
            return new JsonObjectReader(value, Path(name) + ".", known, _errors);
        _errors.Add(Path(name), "Erwartet wird ein Objekt ({ … }).");
        return null;
    }

    private bool TryGet(string name, out JsonElement value) =>
        _properties.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    private string Path(string name) => _prefix + name;
}
