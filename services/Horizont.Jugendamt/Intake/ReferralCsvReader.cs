using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>One data row of a CSV intake file: its row number (the header is row 1), raw text and draft.</summary>
internal sealed record CsvReferralRow(int Row, string RawText, ReferralDraft? Draft, FieldErrors Errors);

/// <summary>A CSV intake file: its header line and rows, or the errors that make the whole file unreadable.</summary>
internal sealed record CsvReferralFile(string? HeaderText, IReadOnlyList<CsvReferralRow> Rows, FieldErrors FileErrors);

/// <summary>
/// Reads a CSV intake file: UTF-8 with or without BOM, <c>;</c> separated, a header row naming the
/// columns (any order, case-insensitive), nested fields flattened, work constraints separated by
/// <c>,</c>, dates ISO or German, yes/no as true/false/ja/nein. The rules are checked by
/// <see cref="ReferralValidator"/>, as for JSON.
/// </summary>
internal static class ReferralCsvReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvReferralFile Read(ReadOnlyMemory<byte> content)
    {
        var fileErrors = new FieldErrors();
        content = ReferralJsonReader.WithoutBom(content);
        string text;
        try
        {
            text = StrictUtf8.GetString(content.Span);
        }
        catch (DecoderFallbackException)
        {
            fileErrors.Add(ReferralFields.Input, "Nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.");
            return new CsvReferralFile(null, [], fileErrors);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            fileErrors.Add(ReferralFields.Input, "Leer: keine Zuweisung enthalten.");
            return new CsvReferralFile(null, [], fileErrors);
        }

        var badData = new Dictionary<int, string>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ";",
            DetectDelimiter = false,
            HasHeaderRecord = true,
            IgnoreBlankLines = true,
            BadDataFound = args => badData.TryAdd(args.Context.Parser!.Row, "Anführungszeichen fehlerhaft (ein Feld mit \" muss ganz in \"…\" stehen, \" darin verdoppelt)."),
        };

        using var parser = new CsvParser(new StringReader(text), configuration);
        if (!parser.Read())
        {
            fileErrors.Add(ReferralFields.Input, "Leer: keine Zuweisung enthalten.");
            return new CsvReferralFile(null, [], fileErrors);
        }

        var headerText = parser.RawRecord;
        var columns = ReadHeader(parser.Record ?? [], fileErrors);
        if (badData.Count > 0)
            fileErrors.Add(ReferralFields.Input, "Kopfzeile: " + badData.Values.First());
        if (fileErrors.Any)
            return new CsvReferralFile(headerText, [], fileErrors);

        var rows = new List<CsvReferralRow>();
        while (parser.Read())
        {
            var row = parser.Row;
            var raw = parser.RawRecord;
            var record = parser.Record ?? [];
            var errors = new FieldErrors();
            if (!badData.ContainsKey(row) && record.All(string.IsNullOrWhiteSpace))
                continue; // A row of empty cells (spreadsheets write them) is no referral.
            if (badData.Remove(row, out var quoteProblem))
            {
                errors.Add(ReferralFields.Input, quoteProblem);
                rows.Add(new CsvReferralRow(row, raw, null, errors));
                continue;
            }

            if (record.Length != columns.Count)
            {
                errors.Add(ReferralFields.Input, string.Create(CultureInfo.InvariantCulture,
                    $"Die Zeile hat {record.Length} Felder, die Kopfzeile {columns.Count} (Trennzeichen ist ;)."));
                rows.Add(new CsvReferralRow(row, raw, null, errors));
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(record[i]))
                    values[columns[i]] = record[i].Trim();
            }

            rows.Add(new CsvReferralRow(row, raw, ToDraft(values, ReferralIds.DeriveFromText(raw), errors), errors));
        }

        if (rows.Count == 0)
            fileErrors.Add(ReferralFields.Input, "Keine Zuweisungen: die Datei enthält nur die Kopfzeile.");
        return new CsvReferralFile(headerText, rows, fileErrors);
    }

    /// <summary>The wire field of each column, in file order; unknown, repeated and missing required columns are file errors.</summary>
    private static List<string> ReadHeader(string[] header, FieldErrors errors)
    {
        var fields = new List<string>();
        foreach (var name in header.Select(h => h.Trim()))
        {
            var match = ReferralFields.CsvColumns.FirstOrDefault(c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase));
            if (match.Column is null)
            {
                errors.Add(ReferralFields.Input, $"Unbekannte Spalte '{FieldErrors.Shorten(name)}'. Erlaubt: {string.Join(", ", ReferralFields.CsvColumns.Select(c => c.Column))}.");
                fields.Add("");
                continue;
            }

            if (fields.Contains(match.Field))
                errors.Add(ReferralFields.Input, $"Spalte '{match.Column}' kommt mehrfach vor.");
            fields.Add(match.Field);
        }

        foreach (var (column, field, _) in ReferralFields.CsvColumns.Where(c => c.Required && !fields.Contains(c.Field)))
            errors.Add(field, $"Pflichtspalte '{column}' fehlt in der Kopfzeile.");
        return fields;
    }

    private static ReferralDraft ToDraft(Dictionary<string, string> values, Guid derivedId, FieldErrors errors)
    {
        string? Text(string field) => values.GetValueOrDefault(field);

        DateOnly? Date(string field)
        {
            if (Text(field) is not { } text)
                return null;
            if (InputValues.TryParseDate(text, allowGerman: true, out var date))
                return date;
            errors.Add(field, InputValues.IsoOrGermanDateMessage);
            return null;
        }

        Guid? referralId = null;
        if (Text(ReferralFields.ReferralId) is { } idText)
        {
            if (Guid.TryParse(idText, out var id))
                referralId = id;
            else
                errors.Add(ReferralFields.ReferralId, "Keine gültige GUID (z. B. 3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f4a60).");
        }

        decimal? hours = null;
        if (Text(ReferralFields.HoursOrdered) is { } hoursText)
        {
            if (InputValues.TryParseNumber(hoursText, out var number))
                hours = number;
            else
                errors.Add(ReferralFields.HoursOrdered, InputValues.NumberMessage);
        }

        bool? explained = null;
        if (Text(ReferralFields.ConsequencesExplained) is { } explainedText)
        {
            if (InputValues.TryParseBoolean(explainedText, out var flag))
                explained = flag;
            else
                errors.Add(ReferralFields.ConsequencesExplained, InputValues.BooleanMessage);
        }

        return new ReferralDraft
        {
            DerivedReferralId = derivedId,
            ReferralId = referralId,
            JugendamtId = Text(ReferralFields.JugendamtId),
            ProviderId = Text(ReferralFields.ProviderId),
            FileReference = Text(ReferralFields.FileReference),
            LegalBasis = Text(ReferralFields.LegalBasis),
            HoursOrdered = hours,
            Deadline = Date(ReferralFields.Deadline),
            ConsequencesExplained = explained,
            GivenName = Text(ReferralFields.GivenName),
            FamilyName = Text(ReferralFields.FamilyName),
            DateOfBirth = Date(ReferralFields.DateOfBirth),
            Phone = Text(ReferralFields.Phone),
            Email = Text(ReferralFields.Email),
            Address = Text(ReferralFields.Address),
            HasGuardian = Text(ReferralFields.GuardianName) is not null || Text(ReferralFields.GuardianPhone) is not null,
            GuardianName = Text(ReferralFields.GuardianName),
            GuardianPhone = Text(ReferralFields.GuardianPhone),
            WorkConstraints = Text(ReferralFields.WorkConstraints) is { } codes
                ? codes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [],
            Note = Text(ReferralFields.Note),
            CaseworkerName = Text(ReferralFields.CaseworkerName),
            CaseworkerPhone = Text(ReferralFields.CaseworkerPhone),
            CaseworkerEmail = Text(ReferralFields.CaseworkerEmail),
        };
    }
}
