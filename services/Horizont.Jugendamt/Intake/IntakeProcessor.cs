using System.Globalization;
using System.Security.Claims;
using System.Text;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// One pass over the intake folder (docs/intake.md). Per entry: look at it without opening it (a link, a FIFO, a
/// directory is never opened; it goes to <c>rejected/</c> with a reason), refuse a file over the size limit unread,
/// wait until it has settled, claim it (<see cref="IntakeClaims"/>), then read, check, hand each valid referral over
/// or send each valid amendment or withdrawal (one <c>SaveChanges</c> each; a CSV file's referral rows in batches of
/// <see cref="HandoverBatchSize"/>, one <c>SaveChanges</c> per batch), write the error report, and only then
/// move the file under a safe name. A file is never deleted; a crash before the move leaves it claimed, and it returns
/// to the inbox, where the ids (given or derived from the content) make what was recorded a no-op. One bad entry never
/// stops the others, and a problem that persists is logged once, not every poll.
/// </summary>
internal sealed class IntakeProcessor(
    IServiceScopeFactory scopes,
    JugendamtFolders folders,
    ReferralValidator validator,
    ReferralChangeValidator changeValidator,
    IntakeClaims claims,
    IntakeWatch watch,
    IOptions<JugendamtOptions> options,
    JugendamtAgency agency,
    TimeProvider time,
    ILogger<IntakeProcessor> logger) : IDisposable
{
    private const string RejectedRowsSuffix = ".rejected-rows";
    private const string ErrorSuffix = ".error.txt";

    /// <summary>Referral rows of a CSV file handed over per commit: one commit per row bounded a large file by the disk's flushes.</summary>
    internal const int HandoverBatchSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The principal the audit trail records for what the intake folder changes.</summary>
    private readonly ClaimsPrincipal _intakeFolder = HorizontClaims.SystemPrincipal(IntakeAuditActor, agency.Id);

    /// <summary>The actor of the intake folder's audit rows.</summary>
    public const string IntakeAuditActor = "Eingangsordner";

    private string Actor => $"{agency.Id}/intake";

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads every file waiting in the inbox; one at a time, however many callers.</summary>
    public async Task<IntakeRun> ProcessInboxAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            claims.RenewAndRecover();
            var tally = new Tally();
            foreach (var path in Directory.EnumerateFileSystemEntries(folders.Inbox).Order(StringComparer.Ordinal).ToList())
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith('.'))
                    continue; // Hidden, and the claim folders.
                watch.Seen(name);
                try
                {
                    await ProcessEntryAsync(path, name, tally, cancellationToken);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    tally.FilesFailed++;
                    if (watch.FirstReport(name, "failed"))
                        logger.LogError(ex, "Intake entry {FileName} could not be processed; it stays in the inbox and is tried again at every poll (logged once)", IntakeFileNames.Display(name));
                }
            }

            watch.PassCompleted(Directory.EnumerateFileSystemEntries(folders.Inbox).Select(p => Path.GetFileName(p)).ToHashSet(StringComparer.Ordinal));
            return tally.ToRun();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ProcessEntryAsync(string path, string name, Tally tally, CancellationToken cancellationToken)
    {
        var entry = IntakeEntry.Inspect(path);
        switch (entry.Kind)
        {
            case IntakeEntryKind.Gone:
                return;
            case IntakeEntryKind.RegularFile:
                break;
            default:
                await RejectUnreadAsync(path, name, entry.Kind.ToString(), entry.NotAFileReason, tally, cancellationToken);
                return;
        }

        if (IsUnfinished(path, name))
            return;
        var limit = options.Value.MaxIntakeFileBytes;
        if (entry.Size > limit)
        {
            await RejectUnreadAsync(path, name, "TooLarge", TooLarge(limit), tally, cancellationToken);
            return;
        }

        if (!watch.Settled(name, entry, options.Value.IntakeSettleTime))
            return;

        claims.Renew();
        if (claims.Claim(path, IntakeFileNames.Safe(name)) is not { } claimed)
            return; // Another instance was first.
        try
        {
            await ProcessClaimedAsync(claimed, name, tally, cancellationToken);
        }
        catch (Exception) when (File.Exists(claimed))
        {
            // Not finished (a database or disk problem, or cancellation): back to the inbox, to be read again.
            claims.Release(claimed);
            throw;
        }
    }

    /// <summary>Files still being written (<c>*.tmp</c>, <c>*.part</c>) and hidden files (Windows) are left alone.</summary>
    private static bool IsUnfinished(string path, string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Equals(".tmp", StringComparison.OrdinalIgnoreCase) || extension.Equals(".part", StringComparison.OrdinalIgnoreCase))
            return true;
        return !OperatingSystem.IsLinux() && (File.GetAttributes(path) & FileAttributes.Hidden) != 0;
    }

    private static string TooLarge(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"Die Datei ist größer als erlaubt (höchstens {limit} Bytes, Einstellung MaxIntakeFileBytes); sie wurde nicht gelesen. Bitte in mehrere Dateien aufteilen.");

    /// <summary>
    /// Moves an entry that is not read (not a regular file, too large) to <c>rejected/</c> under a safe name, the entry
    /// itself (a link, not its target), and writes its reason beside it. When it cannot be moved (another file system,
    /// no permission) it stays, and the problem is logged once.
    /// </summary>
    private async Task RejectUnreadAsync(string path, string name, string kind, string reason, Tally tally, CancellationToken cancellationToken)
    {
        var target = FreePath(folders.Rejected, IntakeFileNames.Safe(name));
        try
        {
            if (!IntakeEntry.Rename(path, target))
                return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            tally.FilesFailed++;
            if (watch.FirstReport(name, kind))
            {
                logger.LogError("Intake entry {FileName} ({Kind}) is not read and could not be moved to {Rejected}: {Error}; it is reported once and left where it is",
                    IntakeFileNames.Display(name), kind, folders.Rejected, ex.Message);
            }

            return;
        }

        var display = IntakeFileNames.Display(name);
        await AtomicFile.WriteAsync(target + ErrorSuffix, Report($"Der Eintrag {display} wurde nicht übernommen.", [$"Datei {display}: {reason}"]), byteOrderMark: false, cancellationToken);
        tally.FilesRejected++;
        logger.LogWarning("Intake entry {FileName} ({Kind}) not read; moved to {Target}", display, kind, target);
    }

    /// <summary>Reads a claimed file (at most the size limit, whatever it has grown to) and hands its content over.</summary>
    private async Task ProcessClaimedAsync(string path, string originalName, Tally tally, CancellationToken cancellationToken)
    {
        var name = IntakeFileNames.Display(originalName);
        var safeName = Path.GetFileName(path);
        var limit = options.Value.MaxIntakeFileBytes;
        var entry = IntakeEntry.Inspect(path);
        if (entry.Kind != IntakeEntryKind.RegularFile || entry.Size > limit)
        {
            // Swapped between the look and the claim.
            await RejectFileAsync(path, name, safeName, [$"Datei {name}: {(entry.Kind == IntakeEntryKind.RegularFile ? TooLarge(limit) : entry.NotAFileReason)}"], cancellationToken);
            tally.FilesRejected++;
            return;
        }

        var extension = Path.GetExtension(originalName).ToUpperInvariant();
        if (extension is not ".JSON" and not ".CSV")
        {
            var errors = new FieldErrors().Add(ReferralFields.Input, "Nur Dateien mit der Endung .json oder .csv werden gelesen.");
            await RejectFileAsync(path, name, safeName, FormatErrors(name, row: null, rowNote: null, errors, columnsOf: null), cancellationToken);
            tally.FilesRejected++;
            return;
        }

        var content = await ReadAtMostAsync(path, limit, cancellationToken);
        if (content is null)
        {
            await RejectFileAsync(path, name, safeName, [$"Datei {name}: {TooLarge(limit)}"], cancellationToken);
            tally.FilesRejected++;
        }
        else if (extension == ".JSON")
        {
            await ProcessJsonAsync(path, name, safeName, content, tally, cancellationToken);
        }
        else
        {
            await ProcessCsvAsync(path, name, safeName, content, tally, cancellationToken);
        }
    }

    /// <summary>The file's bytes, or null when it holds more than <paramref name="limit"/> (it grew after the look).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(string path, long limit, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task ProcessJsonAsync(string path, string name, string safeName, byte[] content, Tally tally, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var draft = IntakeJsonFileReader.Read(content, errors);
        if (draft is not null && await SubmitAsync(draft, errors, $"Datei {name}", cancellationToken) is { } item)
        {
            tally.Count(item);
            var target = Move(path, folders.Processed, safeName);
            tally.FilesProcessed++;
            logger.LogInformation("Intake file {FileName}: {Item} for referral {ReferralId} {Outcome}; moved to {Target}",
                name, item.MessageType, item.ReferralId, item.Sent ? "sent" : "sent before", target);
            return;
        }

        logger.LogWarning("Intake file {FileName} rejected: errors in {Fields}", name, FieldsOf(errors));
        await RejectFileAsync(path, name, safeName, FormatErrors(name, row: null, rowNote: null, errors, columnsOf: null), cancellationToken);
        tally.FilesRejected++;
    }

    private async Task ProcessCsvAsync(string path, string name, string safeName, byte[] content, Tally tally, CancellationToken cancellationToken)
    {
        var file = IntakeCsvReader.Read(content);
        Func<string, string?>? columnsOf = file.Schema is null ? null : file.Schema.ColumnsOf;
        if (file.FileErrors.Any)
        {
            logger.LogWarning("Intake file {FileName} rejected: {Count} errors in the file as a whole", name, file.FileErrors.Lines().Count());
            await RejectFileAsync(path, name, safeName, FormatErrors(name, row: null, rowNote: null, file.FileErrors, columnsOf), cancellationToken);
            tally.FilesRejected++;
            return;
        }

        var rejectedRows = new List<CsvIntakeRow>();
        var accepted = 0;
        var batch = new List<(CsvIntakeRow Row, SubmitReferral Message, string Origin)>();
        void Rejected(CsvIntakeRow row)
        {
            logger.LogWarning("Intake file {FileName} row {Row} rejected: errors in {Fields}", name, row.Row, FieldsOf(row.Errors));
            rejectedRows.Add(row);
        }

        async Task FlushAsync()
        {
            foreach (var (row, item) in await HandOverBatchAsync(batch, cancellationToken))
            {
                if (item is not { } handedOver)
                {
                    Rejected(row);
                    continue;
                }

                tally.Count(handedOver);
                accepted++;
            }

            batch.Clear();
        }

        foreach (var row in file.Rows)
        {
            var origin = string.Create(CultureInfo.InvariantCulture, $"Datei {name}, Zeile {row.Row}");
            if (row.Draft is ReferralDraft referral)
            {
                // Referrals are handed over in batches, one commit each; a change waits until those before it are recorded.
                if (validator.Validate(referral, row.Errors) is { } message)
                    batch.Add((row, message, origin));
                else
                    Rejected(row);
                if (batch.Count >= HandoverBatchSize)
                    await FlushAsync();
                continue;
            }

            await FlushAsync();
            if (row.Draft is null || await SubmitAsync(row.Draft, row.Errors, origin, cancellationToken) is not { } item)
            {
                Rejected(row);
                continue;
            }

            tally.Count(item);
            accepted++;
        }

        await FlushAsync();
        rejectedRows.Sort((a, b) => a.Row.CompareTo(b.Row));

        if (accepted == 0)
        {
            var lines = rejectedRows.SelectMany(r => FormatErrors(name, r.Row, rowNote: null, r.Errors, columnsOf)).ToList();
            await RejectFileAsync(path, name, safeName, lines, cancellationToken);
            tally.FilesRejected++;
            logger.LogWarning("Intake file {FileName} rejected: all {Count} rows have errors", name, rejectedRows.Count);
            return;
        }

        var processed = FreePath(folders.Processed, safeName);
        if (rejectedRows.Count > 0)
        {
            await WriteRejectedRowsAsync(name, Path.GetFileNameWithoutExtension(processed), file.Header!, rejectedRows, columnsOf, cancellationToken);
            tally.RowsRejected += rejectedRows.Count;
        }

        MoveStamped(path, processed);
        tally.FilesProcessed++;
        logger.LogInformation("Intake file {FileName}: {Accepted} rows handed over, sent, or sent before; {Rejected} rows rejected; moved to {Target}",
            name, accepted, rejectedRows.Count, processed);
    }

    /// <summary>
    /// Hands validated referral rows over in one unit of work (<see cref="ReferralHandover.HandOverAllAsync"/>) and audits
    /// those handed over in one more. A row whose id was handed over before with other content comes back without an
    /// item, its error under <c>referralId</c>.
    /// </summary>
    private async Task<List<(CsvIntakeRow Row, IntakeItem? Item)>> HandOverBatchAsync(
        List<(CsvIntakeRow Row, SubmitReferral Message, string Origin)> batch, CancellationToken cancellationToken)
    {
        var results = new List<(CsvIntakeRow Row, IntakeItem? Item)>(batch.Count);
        if (batch.Count == 0)
            return results;
        await using var scope = scopes.CreateAsyncScope();
        var outcomes = await scope.ServiceProvider.GetRequiredService<ReferralHandover>()
            .HandOverAllAsync(batch.Select(b => (b.Message, b.Origin)).ToList(), Actor, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            var (row, message, _) = batch[i];
            if (outcomes[i] == HandoverOutcome.Conflict)
            {
                row.Errors.Add(ReferralFields.ReferralId, ReferralHandover.ConflictReason(message.ReferralId));
                results.Add((row, null));
                continue;
            }

            results.Add((row, new IntakeItem(nameof(SubmitReferral), message.ReferralId, IsChange: false, Sent: outcomes[i] == HandoverOutcome.HandedOver)));
        }

        var handedOver = results.Where(r => r.Item is { Sent: true }).Select(r => (Guid?)r.Item!.Value.ReferralId).ToList();
        if (handedOver.Count > 0)
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAllAsync(_intakeFolder, "referral.submit", handedOver, subject: null, remote: null, status: 0, cancellationToken);
        return results;
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

                if (outcome == HandoverOutcome.HandedOver)
                    await AuditAsync(scope, "referral.submit", message.ReferralId, cancellationToken);
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

                if (result.Outcome == ChangeOutcome.Sent)
                    await AuditAsync(scope, valid is ValidAmendment ? "referral.amend" : "referral.withdraw", valid.ReferralId, cancellationToken);
                return new IntakeItem(valid.MessageType, valid.ReferralId, IsChange: true, Sent: result.Outcome == ChangeOutcome.Sent);

            default:
                throw new ArgumentOutOfRangeException(nameof(draft), draft.GetType().Name, "Unknown kind of intake input.");
        }
    }

    /// <summary>
    /// The audit row of a change read from the inbox (after the ledger committed it): actor "Eingangsordner", kind
    /// <c>system</c>. Not written for a repeat that changed nothing.
    /// </summary>
    private Task AuditAsync(AsyncServiceScope scope, string action, Guid referralId, CancellationToken cancellationToken) =>
        scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(_intakeFolder, action, referralId, subject: null, remote: null, status: 0, cancellationToken);

    /// <summary>
    /// The rejected rows as a CSV of their own (the original header and cells, written spreadsheet-safe: a cell that a
    /// spreadsheet would take for a formula gets a leading <c>'</c>, which the reader takes off again), so they can be
    /// corrected and dropped in again without handing the good rows over a second time, and its report.
    /// Named after the processed file and overwritten when a pass after a crash writes them again.
    /// </summary>
    private async Task WriteRejectedRowsAsync(
        string name, string stem, IReadOnlyList<string> header, List<CsvIntakeRow> rows, Func<string, string?>? columnsOf, CancellationToken cancellationToken)
    {
        var rowsFile = stem + RejectedRowsSuffix + ".csv";
        var csv = new StringBuilder(SpreadsheetSafeCsv.Line(header)).Append('\n');
        var lines = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            csv.Append(SpreadsheetSafeCsv.Line(rows[i].Cells)).Append('\n');
            var note = string.Create(CultureInfo.InvariantCulture, $" (in {rowsFile} Zeile {i + 2})");
            lines.AddRange(FormatErrors(name, rows[i].Row, note, rows[i].Errors, columnsOf));
        }

        var rowsPath = Path.Combine(folders.Rejected, rowsFile);
        await AtomicFile.WriteAsync(rowsPath, csv.ToString(), byteOrderMark: true, cancellationToken);
        await AtomicFile.WriteAsync(rowsPath + ErrorSuffix, Report(
            string.Create(CultureInfo.InvariantCulture, $"Aus {name} wurden {rows.Count} Zeile(n) nicht übernommen; sie stehen in {rowsFile}. Die übrigen Zeilen wurden übergeben."),
            lines), byteOrderMark: false, cancellationToken);
    }

    /// <summary>Writes <c>SAFENAME.error.txt</c> into <c>rejected/</c>, then moves the file beside it.</summary>
    private async Task RejectFileAsync(string path, string name, string safeName, List<string> lines, CancellationToken cancellationToken)
    {
        var target = FreePath(folders.Rejected, safeName);
        await AtomicFile.WriteAsync(target + ErrorSuffix, Report($"Die Datei {name} wurde nicht übernommen.", lines), byteOrderMark: false, cancellationToken);
        MoveStamped(path, target);
        logger.LogInformation("Intake file {FileName} moved to {Target} with {Count} errors", name, target, lines.Count);
    }

    private string Move(string path, string folder, string name)
    {
        var target = FreePath(folder, name);
        MoveStamped(path, target);
        return target;
    }

    /// <summary>
    /// Moves a read file and sets its last write to now: the retention of <c>processed/</c> and <c>rejected/</c>
    /// (<c>IntakeFileRetention</c>) counts from when Horizont moved it, not from when the case system wrote it.
    /// </summary>
    private void MoveStamped(string path, string target)
    {
        File.Move(path, target, overwrite: false);
        File.SetLastWriteTimeUtc(target, time.GetUtcNow().UtcDateTime);
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
                where.Append(", Feld ").Append(IntakeFileNames.Display(field));
                if (columnsOf?.Invoke(field) is { } column)
                    where.Append(column.Contains(',', StringComparison.Ordinal) ? " (Spalten " : " (Spalte ").Append(column).Append(')');
            }

            lines.AddRange(messages.Select(m => $"{where}: {m}"));
        }

        return lines;
    }

    /// <summary>The fields with errors, for a log line: escaped, as a JSON file's unknown field names are input too.</summary>
    private static string FieldsOf(FieldErrors errors) => IntakeFileNames.Display(string.Join(", ", errors.All.Keys));

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
