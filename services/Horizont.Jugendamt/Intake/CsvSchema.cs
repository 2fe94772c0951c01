using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// What the rows of a CSV intake file are, decided by its header: with a <c>courtDecisionDate</c> column
/// amendments, else with an <c>effectiveDate</c> or <c>reasonCode</c> column withdrawals, else referrals.
/// Each kind has its columns and its way from a row's cells to a draft.
/// </summary>
internal sealed class CsvSchema
{
    public static readonly CsvSchema Referrals = new("Zuweisungen", "", ReferralFields.CsvColumns, ReferralDraftOf, ReferralFields.CsvColumnsOf);

    public static readonly CsvSchema Amendments = ChangeSchema(ReferralChangeKind.Amendment, "Änderungen", " in einer Datei mit Änderungen (Kopfzeile mit courtDecisionDate)");

    public static readonly CsvSchema Withdrawals = ChangeSchema(ReferralChangeKind.Withdrawal, "Beendigungen", " in einer Datei mit Beendigungen (Kopfzeile mit effectiveDate, reasonCode)");

    private readonly Func<CsvCells, string, IntakeDraft> _toDraft;
    private readonly Func<string, string?> _columnsOf;

    private CsvSchema(
        string items,
        string inFileWith,
        IReadOnlyList<(string Column, string Field, bool Required)> columns,
        Func<CsvCells, string, IntakeDraft> toDraft,
        Func<string, string?> columnsOf)
    {
        Items = items;
        InFileWith = inFileWith;
        Columns = columns;
        _toDraft = toDraft;
        _columnsOf = columnsOf;
    }

    /// <summary>What the rows are, in German plural ("Zuweisungen").</summary>
    public string Items { get; }

    /// <summary>Added to "Erlaubt" in a header error, so that a mistaken header explains itself.</summary>
    public string InFileWith { get; }

    /// <summary>Column name, wire field and whether the header must have it, in the documented order.</summary>
    public IReadOnlyList<(string Column, string Field, bool Required)> Columns { get; }

    /// <summary>The schema the header names (column names matched without regard to case).</summary>
    public static CsvSchema For(IEnumerable<string> header)
    {
        var names = header.Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Contains(ReferralChangeFields.CourtDecisionDate))
            return Amendments;
        if (names.Contains(ReferralChangeFields.EffectiveDate) || names.Contains(ReferralChangeFields.ReasonCode))
            return Withdrawals;
        return Referrals;
    }

    /// <summary>The column of any kind of file that <paramref name="name"/> names (case-insensitive), in its documented spelling; null for any other text.</summary>
    public static string? KnownColumn(string name) =>
        new[] { Referrals, Amendments, Withdrawals }.SelectMany(s => s.Columns)
            .Select(c => c.Column)
            .FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The draft of one row; <paramref name="values"/> holds the non-empty cells by wire field.</summary>
    public IntakeDraft ToDraft(Dictionary<string, string> values, string rawText, FieldErrors errors) =>
        _toDraft(new CsvCells(values, errors), rawText);

    /// <summary>The CSV column(s) a wire field comes from, for error lines ("Spalte guardianName").</summary>
    public string? ColumnsOf(string field) => _columnsOf(field);

    private static CsvSchema ChangeSchema(ReferralChangeKind kind, string items, string inFileWith)
    {
        var columns = ReferralChangeFields.CsvColumns(kind);
        return new CsvSchema(items, inFileWith, columns, (cells, _) => ChangeDraftOf(kind, cells),
            field => columns.Any(c => c.Field == field) ? field : null);
    }

    private static ReferralChangeDraft ChangeDraftOf(ReferralChangeKind kind, CsvCells cells) => new()
    {
        Kind = kind,
        ReferralId = cells.Guid(ReferralChangeFields.ReferralId),
        HoursOrdered = cells.Number(ReferralChangeFields.HoursOrdered),
        Deadline = cells.Date(ReferralChangeFields.Deadline),
        CourtDecisionDate = cells.Date(ReferralChangeFields.CourtDecisionDate),
        ReasonCode = cells.Text(ReferralChangeFields.ReasonCode),
        EffectiveDate = cells.Date(ReferralChangeFields.EffectiveDate),
    };

    /// <summary>A referral row; its id, when not given, is derived from the row's raw text.</summary>
    private static ReferralDraft ReferralDraftOf(CsvCells cells, string rawText) => new()
    {
        DerivedReferralId = ReferralIds.DeriveFromText(rawText),
        ReferralId = cells.Guid(ReferralFields.ReferralId),
        JugendamtId = cells.Text(ReferralFields.JugendamtId),
        ProviderId = cells.Text(ReferralFields.ProviderId),
        FileReference = cells.Text(ReferralFields.FileReference),
        LegalBasis = cells.Text(ReferralFields.LegalBasis),
        HoursOrdered = cells.Number(ReferralFields.HoursOrdered),
        Deadline = cells.Date(ReferralFields.Deadline),
        ConsequencesExplained = cells.Boolean(ReferralFields.ConsequencesExplained),
        GivenName = cells.Text(ReferralFields.GivenName),
        FamilyName = cells.Text(ReferralFields.FamilyName),
        DateOfBirth = cells.Date(ReferralFields.DateOfBirth),
        Phone = cells.Text(ReferralFields.Phone),
        Email = cells.Text(ReferralFields.Email),
        Address = cells.Text(ReferralFields.Address),
        HasGuardian = cells.Text(ReferralFields.GuardianName) is not null || cells.Text(ReferralFields.GuardianPhone) is not null,
        GuardianName = cells.Text(ReferralFields.GuardianName),
        GuardianPhone = cells.Text(ReferralFields.GuardianPhone),
        WorkConstraints = cells.Text(ReferralFields.WorkConstraints) is { } codes
            ? codes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [],
        Note = cells.Text(ReferralFields.Note),
        CaseworkerName = cells.Text(ReferralFields.CaseworkerName),
        CaseworkerPhone = cells.Text(ReferralFields.CaseworkerPhone),
        CaseworkerEmail = cells.Text(ReferralFields.CaseworkerEmail),
    };
}

/// <summary>The non-empty cells of one CSV row by wire field, read as typed values; a value that cannot be read is an error of its field.</summary>
internal sealed class CsvCells(Dictionary<string, string> values, FieldErrors errors)
{
    public string? Text(string field) => values.GetValueOrDefault(field);

    /// <summary>An ISO date (<c>2027-02-15</c>) or a German one (<c>15.02.2027</c>, <c>5.2.2027</c>).</summary>
    public DateOnly? Date(string field) =>
        Read<DateOnly>(field, text => (InputValues.TryParseDate(text, allowGerman: true, out var date), date), InputValues.IsoOrGermanDateMessage);

    public Guid? Guid(string field) =>
        Read<Guid>(field, text => (System.Guid.TryParse(text, out var id), id), "Keine gültige GUID (z. B. 3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f4a60).");

    /// <summary>A number with a point or a German comma (<c>12.5</c>, <c>12,5</c>).</summary>
    public decimal? Number(string field) =>
        Read<decimal>(field, text => (InputValues.TryParseNumber(text, out var number), number), InputValues.NumberMessage);

    /// <summary><c>true</c>/<c>false</c>/<c>ja</c>/<c>nein</c>, any case.</summary>
    public bool? Boolean(string field) =>
        Read<bool>(field, text => (InputValues.TryParseBoolean(text, out var flag), flag), InputValues.BooleanMessage);

    private T? Read<T>(string field, Func<string, (bool Ok, T Value)> parse, string message)
        where T : struct
    {
        if (Text(field) is not { } text)
            return null;
        var (ok, value) = parse(text);
        if (ok)
            return value;
        errors.Add(field, message);
        return null;
    }
}
