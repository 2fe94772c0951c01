using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Reads one referral from JSON (an intake file or a request body) into a <see cref="ReferralDraft"/>.
/// Strict about shape: unknown or repeated fields and values of the wrong type are errors, each
/// named by its wire path; the values themselves are never repeated in a message.
/// </summary>
internal static class ReferralJsonReader
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static readonly string[] TopLevel =
    [
        "referralId", "jugendamtId", "providerId", "fileReference", "legalBasis", "hoursOrdered", "deadline",
        "consequencesExplained", "youngPerson", "workConstraints", "note", "caseworker",
    ];

    private static readonly string[] YoungPersonFields = ["givenName", "familyName", "dateOfBirth", "phone", "email", "address", "guardian"];
    private static readonly string[] GuardianFields = ["name", "phone"];
    private static readonly string[] ContactFields = ["name", "phone", "email"];

    /// <summary>The content without a UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith(Bom) ? content[Bom.Length..] : content;

    /// <summary>Reads <paramref name="content"/>; null (with errors under <c>$</c>) when it is not one JSON object.</summary>
    public static ReferralDraft? Read(ReadOnlyMemory<byte> content, FieldErrors errors)
    {
        content = WithoutBom(content);
        if (content.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            errors.Add(ReferralFields.Input, "Leer: keine Zuweisung enthalten.");
            return null;
        }

        if (!Utf8.IsValid(content.Span))
        {
            errors.Add(ReferralFields.Input, "Nicht UTF-8-kodiert. Bitte als UTF-8 speichern.");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            // The parser's own message may quote content; only its position is passed on.
            errors.Add(ReferralFields.Input, ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $"Kein gültiges JSON (Zeile {line + 1}, Position {(ex.BytePositionInLine ?? 0) + 1}).")
                : "Kein gültiges JSON.");
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(ReferralFields.Input, "Erwartet wird ein JSON-Objekt mit genau einer Zuweisung.");
                return null;
            }

            return ReadReferral(document.RootElement, ReferralIds.Derive(content.Span), errors);
        }
    }

    private static ReferralDraft ReadReferral(JsonElement root, Guid derivedId, FieldErrors errors)
    {
        var top = new ObjectReader(root, "", TopLevel, errors);
        var draft = new ReferralDraft
        {
            DerivedReferralId = derivedId,
            ReferralId = top.Guid("referralId"),
            JugendamtId = top.String("jugendamtId"),
            ProviderId = top.String("providerId"),
            FileReference = top.String("fileReference"),
            LegalBasis = top.String("legalBasis"),
            HoursOrdered = top.Number("hoursOrdered"),
            Deadline = top.Date("deadline"),
            ConsequencesExplained = top.Boolean("consequencesExplained"),
            WorkConstraints = top.Strings("workConstraints"),
            Note = top.String("note"),
        };

        var youngPerson = top.Object("youngPerson", YoungPersonFields);
        draft.HasYoungPerson = youngPerson is not null || top.HasError("youngPerson");
        if (youngPerson is not null)
        {
            draft.GivenName = youngPerson.String("givenName");
            draft.FamilyName = youngPerson.String("familyName");
            draft.DateOfBirth = youngPerson.Date("dateOfBirth");
            draft.Phone = youngPerson.String("phone");
            draft.Email = youngPerson.String("email");
            draft.Address = youngPerson.String("address");
            var guardian = youngPerson.Object("guardian", GuardianFields);
            draft.HasGuardian = guardian is not null || youngPerson.HasError("guardian");
            if (guardian is not null)
            {
                draft.GuardianName = guardian.String("name");
                draft.GuardianPhone = guardian.String("phone");
            }
        }

        var caseworker = top.Object("caseworker", ContactFields);
        draft.HasCaseworker = caseworker is not null || top.HasError("caseworker");
        if (caseworker is not null)
        {
            draft.CaseworkerName = caseworker.String("name");
            draft.CaseworkerPhone = caseworker.String("phone");
            draft.CaseworkerEmail = caseworker.String("email");
        }

        return draft;
    }

    /// <summary>The properties of one JSON object, checked against the names it may have.</summary>
    private sealed class ObjectReader
    {
        private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
        private readonly string _prefix;
        private readonly FieldErrors _errors;

        public ObjectReader(JsonElement element, string prefix, IReadOnlyCollection<string> known, FieldErrors errors)
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

        public ObjectReader? Object(string name, IReadOnlyCollection<string> known)
        {
            if (!TryGet(name, out var value))
                return null;
            if (value.ValueKind == JsonValueKind.Object)
                return new ObjectReader(value, Path(name) + ".", known, _errors);
            _errors.Add(Path(name), "Erwartet wird ein Objekt ({ … }).");
            return null;
        }

        private bool TryGet(string name, out JsonElement value) =>
            _properties.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

        private string Path(string name) => _prefix + name;
    }
}
