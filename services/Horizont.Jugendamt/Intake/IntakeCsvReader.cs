using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>One data row of a CSV intake file: its row number (the header is row 1), its cells as read, and its draft.</summary>
internal sealed record CsvIntakeRow(int Row, IReadOnlyList<string> Cells, IntakeDraft? Draft, FieldErrors Errors);

/// <summary>A CSV intake file: its header cells, what it holds, and its rows, or the errors that make the whole file unreadable.</summary>
internal sealed record CsvIntakeFile(IReadOnlyList<string>? Header, CsvSchema? Schema, IReadOnlyList<CsvIntakeRow> Rows, FieldErrors FileErrors);

/// <summary>
/// Reads a CSV intake file: UTF-8 with or without BOM, <c>;</c> separated, a header row naming the
/// columns (any order, case-insensitive). The header decides what the rows are (<see cref="CsvSchema.For"/>):
/// referrals, amendments or withdrawals. The rules are checked by the validators, as for JSON.
/// </summary>
internal static class IntakeCsvReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvIntakeFile Read(ReadOnlyMemory<byte> content)
    {
        var fileErrors = new FieldErrors();
        content = IntakeJson.WithoutBom(content);
        string text;
        try
        {
            text = StrictUtf8.GetString(content.Span);
        }
        catch (DecoderFallbackException)
        {
            fileErrors.Add(ReferralFields.Input, "Nicht UTF-8-kodiert. Bitte als „CSV UTF-8“ speichern.");
            return new CsvIntakeFile(null, null, [], fileErrors);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            fileErrors.Add(ReferralFields.Input, "Leer: keine Zuweisung enthalten.");
            return new CsvIntakeFile(null, null, [], fileErrors);
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
            return new CsvIntakeFile(null, null, [], fileErrors);
        }

        var header = parser.Record ?? [];
        var schema = CsvSchema.For(header);
        var columns = ReadHeader(header, schema, fileErrors);
        if (badData.Count > 0)
            fileErrors.Add(ReferralFields.Input, "Kopfzeile: " + badData.Values.First());
        if (fileErrors.Any)
            return new CsvIntakeFile(header, schema, [], fileErrors);

        var rows = new List<CsvIntakeRow>();
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
                rows.Add(new CsvIntakeRow(row, record, null, errors));
                continue;
            }

            if (record.Length != columns.Count)
            {
                errors.Add(ReferralFields.Input, string.Create(CultureInfo.InvariantCulture,
                    $"Die Zeile hat {record.Length} Felder, die Kopfzeile {columns.Count} (Trennzeichen ist ;)."));
                rows.Add(new CsvIntakeRow(row, record, null, errors));
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(record[i]))
                    values[columns[i]] = SpreadsheetSafeCsv.Restore(record[i].Trim());
            }

            rows.Add(new CsvIntakeRow(row, record, schema.ToDraft(values, raw, errors), errors));
        }

        if (rows.Count == 0)
            fileErrors.Add(ReferralFields.Input, $"Keine {schema.Items}: die Datei enthält nur die Kopfzeile.");
        return new CsvIntakeFile(header, schema, rows, fileErrors);
    }

    /// <summary>
    /// The wire field of each column, in file order; unknown, repeated and missing required columns are file errors.
    /// A first line without one known column is taken for a data row (a file without header): its cells are
    /// not echoed, as they would be a young person's data.
    /// </summary>
    private static List<string> ReadHeader(string[] header, CsvSchema schema, FieldErrors errors)
    {
        var names = header.Select(h => h.Trim()).ToList();
        var matches = names.Select(name => schema.Columns.FirstOrDefault(c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase))).ToList();
        var allowed = string.Join(", ", schema.Columns.Select(c => c.Column));
        if (matches.All(m => m.Column is null))
        {
            errors.Add(ReferralFields.Input, $"Die erste Zeile ist keine Kopfzeile: sie nennt keine bekannte Spalte. Erlaubt{schema.InFileWith}: {allowed}.");
            return [];
        }

        var fields = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var match = matches[i];
            if (match.Column is null)
            {
                // Named only when it is a column of another kind of file; otherwise by its number, since in a first
                // line that is half data it would be a young person's data.
                var known = CsvSchema.KnownColumn(names[i]);
                errors.Add(ReferralFields.Input, known is null
                    ? string.Create(CultureInfo.InvariantCulture, $"Unbekannte Spalte (Nr. {i + 1} der Kopfzeile). Erlaubt{schema.InFileWith}: {allowed}.")
                    : $"Unbekannte Spalte '{known}'. Erlaubt{schema.InFileWith}: {allowed}.");
                fields.Add("");
                continue;
            }

            if (fields.Contains(match.Field))
                errors.Add(ReferralFields.Input, $"Spalte '{match.Column}' kommt mehrfach vor.");
            fields.Add(match.Field);
        }

        foreach (var (column, field, _) in schema.Columns.Where(c => c.Required && !fields.Contains(c.Field)))
            errors.Add(field, $"Pflichtspalte '{column}' fehlt in der Kopfzeile.");
        return fields;
    }
}
