using System.Globalization;
using System.Text;
using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Options;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// One pass over the intake folder (docs/intake.md). Per file: read, check, hand each valid referral over
/// or send each valid amendment or withdrawal (one <c>SaveChanges</c> each), write the error report, and
/// only then move the file. A file is never deleted; a crash before the move leaves it in the inbox, and
/// the next pass reads it again, where the ids (given or derived from the content) make what was
/// recorded a no-op.
/// </summary>
internal sealed class IntakeProcessor(
    IServiceScopeFactory scopes,
    JugendamtFolders folders,
    ReferralValidator validator,
    ReferralChangeValidator changeValidator,
    JugendamtAgency agency,
    TimeProvider time,
    ILogger<IntakeProcessor> logger) : IDisposable
{
    private const string RejectedRowsSuffix = ".rejected-rows";
    private const string ErrorSuffix = ".error.txt";
    private readonly SemaphoreSlim _gate = new(1, 1);

    private string Actor => $"{agency.Id}/intake";

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads every file waiting in the inbox; one at a time, however many callers.</summary>
    public async Task<IntakeRun> ProcessInboxAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var tally = new Tally();
            foreach (var path in Directory.EnumerateFiles(folders.Inbox).Order(StringComparer.Ordinal).ToList())
            {
                var name = Path.GetFileName(path);
                try
                {
                    if (IsIgnored(path, name))
                        continue;
                    await ProcessFileAsync(path, name, tally, cancellationToken);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    tally.FilesFailed++;
                    logger.LogError(ex, "Intake file {FileName} could not be processed; it stays in the inbox and is tried again at the next poll", name);
                }
            }

            return tally.ToRun();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Hidden files, files still being written (<c>*.tmp</c>, <c>*.part</c>) and files gone since the listing are left alone.</summary>
    private static bool IsIgnored(string path, string name)
    {
        if (name.StartsWith('.') || !File.Exists(path))
            return true;
        var extension = Path.GetExtension(name);
        if (extension.Equals(".tmp", StringComparison.OrdinalIgnoreCase) || extension.Equals(".part", StringComparison.OrdinalIgnoreCase))
            return true;
        return (File.GetAttributes(path) & FileAttributes.Hidden) != 0;
    }

    private async Task ProcessFileAsync(string path, string name, Tally tally, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(name).ToUpperInvariant();
        if (extension is not ".JSON" and not ".CSV")
        {
            var errors = new FieldErrors().Add(ReferralFields.Input, "Nur Dateien mit der Endung .json oder .csv werden gelesen.");
            await RejectFileAsync(path, name, FormatErrors(name, row: null, rowNote: null, errors, columnsOf: null), cancellationToken);
            tally.FilesRejected++;
            return;
        }

        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        if (extension == ".JSON")
            await ProcessJsonAsync(path, name, content, tally, cancellationToken);
        else
            await ProcessCsvAsync(path, name, content, tally, cancellationToken);
    }

    private async Task ProcessJsonAsync(string path, string name, byte[] content, Tally tally, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var draft = IntakeJsonFileReader.Read(content, errors);
        if (draft is not null && await SubmitAsync(draft, errors, $"Datei {name}", cancellationToken) is { } item)
        {
            tally.Count(item);
            var target = Move(path, folders.Processed, name);
            tally.FilesProcessed++;
            logger.LogInformation("Intake file {FileName}: {Item} for referral {ReferralId} {Outcome}; moved to {Target}",
                name, item.MessageType, item.ReferralId, item.Sent ? "sent" : "sent before", target);
            return;
        }

        logger.LogWarning("Intake file {FileName} rejected: errors in {Fields}", name, string.Join(", ", errors.All.Keys));
        await RejectFileAsync(path, name, FormatErrors(name, row: null, rowNote: null, errors, columnsOf: null), cancellationToken);
        tally.FilesRejected++;
    }

    private async Task ProcessCsvAsync(string path, string name, byte[] content, Tally tally, CancellationToken cancellationToken)
    {
        var file = IntakeCsvReader.Read(content);
        Func<string, string?>? columnsOf = file.Schema is null ? null : file.Schema.ColumnsOf;
        if (file.FileErrors.Any)
        {
            logger.LogWarning("Intake file {FileName} rejected: {Count} errors in the file as a whole", name, file.FileErrors.Lines().Count());
            await RejectFileAsync(path, name, FormatErrors(name, row: null, rowNote: null, file.FileErrors, columnsOf), cancellationToken);
            tally.FilesRejected++;
            return;
        }

        var rejectedRows = new List<CsvIntakeRow>();
        var accepted = 0;
        foreach (var row in file.Rows)
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"Datei {name}, Zeile {row.Row}");
            if (row.Draft is null || await SubmitAsync(row.Draft, row.Errors, origin, cancellationToken) is not { } item)
            {
                logger.LogWarning("Intake file {FileName} row {Row} rejected: errors in {Fields}", name, row.Row, string.Join(", ", row.Errors.All.Keys));
                rejectedRows.Add(row);
                continue;
            }

            tally.Count(item);
            accepted++;
        }

        if (accepted == 0)
        {
            var lines = rejectedRows.SelectMany(r => FormatErrors(name, r.Row, rowNote: null, r.Errors, columnsOf)).ToList();
            await RejectFileAsync(path, name, lines, cancellationToken);
            tally.FilesRejected++;
            logger.LogWarning("Intake file {FileName} rejected: all {Count} rows have errors", name, rejectedRows.Count);
            return;
        }

        var processed = FreePath(folders.Processed, name);
        if (rejectedRows.Count > 0)
        {
            await WriteRejectedRowsAsync(name, Path.GetFileNameWithoutExtension(processed), file.HeaderText!, rejectedRows, columnsOf, cancellationToken);
            tally.RowsRejected += rejectedRows.Count;
        }

        File.Move(path, processed, overwrite: false);
        tally.FilesProcessed++;
        logger.LogInformation("Intake file {FileName}: {Accepted} rows handed over, sent, or sent before; {Rejected} rows rejected; moved to {Target}",
            name, accepted, rejectedRows.Count, processed);
    }

    /// <summary>
    /// Checks one input and hands it over (a referral) or sends it (an amendment, a withdrawal). Null when
    /// it is refused; <paramref name="errors"/> then says why (a refusal by the ledger under <c>referralId</c>).
    /// </summary>
    private async Task<IntakeItem?> SubmitAsync(IntakeDraft draft, FieldErrors errors, string origin, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        switch (draft)
        {
            case ReferralDraft referral:
                var message = validator.Validate(referral, errors);
                if (message is null)
                    return null;
                var outcome = await scope.ServiceProvider.GetRequiredService<ReferralHandover>().HandOverAsync(message, Actor, origin, cancellationToken);
                if (outcome == HandoverOutcome.Conflict)
                {
                    errors.Add(ReferralFields.ReferralId, ReferralHandover.ConflictReason(message.ReferralId));
                    return null;
                }

                return new IntakeItem(nameof(SubmitReferral), message.ReferralId, IsChange: false, Sent: outcome == HandoverOutcome.HandedOver);

            case ReferralChangeDraft change:
                var valid = changeValidator.Validate(change, errors);
                if (valid is null)
                    return null;
                var result = await scope.ServiceProvider.GetRequiredService<ChangeHandover>().SendAsync(valid, Actor, origin, cancellationToken);
                if (result.Outcome is ChangeOutcome.UnknownReferral or ChangeOutcome.NotAllowed)
                {
                    errors.Add(ReferralChangeFields.ReferralId, result.Reason!);
                    return null;
                }

                return new IntakeItem(valid.MessageType, valid.ReferralId, IsChange: true, Sent: result.Outcome == ChangeOutcome.Sent);

            default:
                throw new ArgumentOutOfRangeException(nameof(draft), draft.GetType().Name, "Unknown kind of intake input.");
        }
    }

    /// <summary>
    /// The rejected rows as a CSV of their own (the original header and rows, unchanged), so they can be
    /// corrected and dropped in again without handing the good rows over a second time, and its report.
    /// Named after the processed file and overwritten when a pass after a crash writes them again.
    /// </summary>
    private async Task WriteRejectedRowsAsync(
        string name, string stem, string header, List<CsvIntakeRow> rows, Func<string, string?>? columnsOf, CancellationToken cancellationToken)
    {
        var rowsFile = stem + RejectedRowsSuffix + ".csv";
        var csv = new StringBuilder(EndLine(header));
        var lines = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            csv.Append(EndLine(rows[i].RawText));
            var note = string.Create(CultureInfo.InvariantCulture, $" (in {rowsFile} Zeile {i + 2})");
            lines.AddRange(FormatErrors(name, rows[i].Row, note, rows[i].Errors, columnsOf));
        }

        var rowsPath = Path.Combine(folders.Rejected, rowsFile);
        await AtomicFile.WriteAsync(rowsPath, csv.ToString(), byteOrderMark: true, cancellationToken);
        await AtomicFile.WriteAsync(rowsPath + ErrorSuffix, Report(
            string.Create(CultureInfo.InvariantCulture, $"Aus {name} wurden {rows.Count} Zeile(n) nicht übernommen; sie stehen in {rowsFile}. Die übrigen Zeilen wurden übergeben."),
            lines), byteOrderMark: false, cancellationToken);
    }

    /// <summary>Writes <c>NAME.error.txt</c> into <c>rejected/</c>, then moves the file beside it.</summary>
    private async Task RejectFileAsync(string path, string name, List<string> lines, CancellationToken cancellationToken)
    {
        var target = FreePath(folders.Rejected, name);
        await AtomicFile.WriteAsync(target + ErrorSuffix, Report($"Die Datei {name} wurde nicht übernommen.", lines), byteOrderMark: false, cancellationToken);
        File.Move(path, target, overwrite: false);
        logger.LogInformation("Intake file {FileName} moved to {Target} with {Count} errors", name, target, lines.Count);
    }

    private string Move(string path, string folder, string name)
    {
        var target = FreePath(folder, name);
        File.Move(path, target, overwrite: false);
        return target;
    }

    /// <summary>The file's own name in <paramref name="folder"/>, or with a time stamp (and a counter) when that is taken.</summary>
    private string FreePath(string folder, string name)
    {
        var candidate = Path.Combine(folder, name);
        if (!Path.Exists(candidate))
            return candidate;
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        var stamp = TimeZoneInfo.ConvertTime(time.GetUtcNow(), HorizontTime.Zone).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var suffix = n == 1 ? stamp : string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n}");
            candidate = Path.Combine(folder, $"{stem}_{suffix}{extension}");
            if (!Path.Exists(candidate))
                return candidate;
        }
    }

    private string Report(string summary, IEnumerable<string> lines)
    {
        var text = new StringBuilder()
            .Append(summary).Append(" Geprüft am ").Append(GermanText.Time(time.GetUtcNow())).Append(" (deutsche Zeit).\n")
            .Append("Je Fehler eine Zeile: Datei, Zeile, Feld: Meldung.\n\n");
        foreach (var line in lines)
            text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>One line per error: file, row (CSV), field (wire name, with the CSV column where <paramref name="columnsOf"/> knows it) and the German message.</summary>
    private static List<string> FormatErrors(string name, int? row, string? rowNote, FieldErrors errors, Func<string, string?>? columnsOf)
    {
        var lines = new List<string>();
        foreach (var (field, messages) in errors.All)
        {
            var where = new StringBuilder("Datei ").Append(name);
            if (row is { } number)
                where.Append(CultureInfo.InvariantCulture, $", Zeile {number}").Append(rowNote);
            if (field != ReferralFields.Input)
            {
                where.Append(", Feld ").Append(field);
                if (columnsOf?.Invoke(field) is { } column)
                    where.Append(column.Contains(',', StringComparison.Ordinal) ? " (Spalten " : " (Spalte ").Append(column).Append(')');
            }

            lines.AddRange(messages.Select(m => $"{where}: {m}"));
        }

        return lines;
    }

    private static string EndLine(string raw) => raw.EndsWith('\n') ? raw : raw + "\n";

    private sealed class Tally
    {
        public int FilesProcessed { get; set; }
        public int FilesRejected { get; set; }
        public int FilesFailed { get; set; }
        public int HandedOver { get; set; }
        public int AlreadyHandedOver { get; set; }
        public int RowsRejected { get; set; }
        public int ChangesSent { get; set; }
        public int ChangesSentBefore { get; set; }

        public void Count(IntakeItem item)
        {
            switch (item)
            {
                case { IsChange: false, Sent: true }:
                    HandedOver++;
                    break;
                case { IsChange: false, Sent: false }:
                    AlreadyHandedOver++;
                    break;
                case { IsChange: true, Sent: true }:
                    ChangesSent++;
                    break;
                default:
                    ChangesSentBefore++;
                    break;
            }
        }

        public IntakeRun ToRun() => new(FilesProcessed, FilesRejected, FilesFailed, HandedOver, AlreadyHandedOver, RowsRejected, ChangesSent, ChangesSentBefore);
    }

    /// <summary>One input that was handed over or sent now (<see cref="Sent"/>), or had been before.</summary>
    private readonly record struct IntakeItem(string MessageType, Guid ReferralId, bool IsChange, bool Sent);
}
