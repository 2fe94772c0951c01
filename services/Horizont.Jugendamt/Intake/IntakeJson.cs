using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>What every JSON input (file or request body) passes first: UTF-8, one object, no byte order mark.</summary>
internal static class IntakeJson
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The content without a UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith(Bom) ? content[Bom.Length..] : content;

    /// <summary>
    /// Parses <paramref name="content"/> as one JSON object and hands its root (and the bytes without a byte
    /// order mark) to <paramref name="read"/>; null, with errors under <c>$</c>, when it is not one object.
    /// </summary>
    /// <param name="content">The file's or body's bytes.</param>
    /// <param name="errors">Where the errors go.</param>
    /// <param name="item">What one input holds, in German, for the messages (e.g. "Zuweisung").</param>
    /// <param name="read">Reads the object's fields.</param>
    public static T? Read<T>(ReadOnlyMemory<byte> content, FieldErrors errors, string item, Func<JsonElement, ReadOnlyMemory<byte>, T?> read)
        where T : class
    {
        content = WithoutBom(content);
        if (content.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            errors.Add(ReferralFields.Input, $"Leer: keine {item} enthalten.");
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
                errors.Add(ReferralFields.Input, $"Erwartet wird ein JSON-Objekt mit genau einer {item}.");
                return null;
            }

            return read(document.RootElement, content);
        }
    }
}
