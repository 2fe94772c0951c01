using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Horizont.Hosting.Reminders;
using Horizont.Provider;
using Horizont.Provider.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Horizont.Benchmarks;

/// <summary>What one sweep over a seeded provider store measured.</summary>
internal sealed record SweepRun(
    string Storage,
    int Open,
    int Due,
    TimeSpan Seeding,
    TimeSpan Sweep,
    int Raised,
    long AllocatedBytes,
    long WorkingSetBefore,
    long PeakWorkingSet,
    long PeakManagedHeap,
    TimeSpan SecondPass,
    int SecondPassRaised,
    TimeSpan Replanning,
    string? Problem)
{
    /// <summary>Raised what was due, once each, and the database agrees.</summary>
    public bool Complete => Problem is null;
}

/// <summary>The reminder sweep's section of a run: every size on every database, for the summary.</summary>
internal sealed class SweepSection
{
    public List<SweepRun> Runs { get; } = [];

    public List<string> NotMeasured { get; } = [];

    public bool Complete => NotMeasured.Count == 0 && Runs.All(r => r.Complete);

    /// <summary>The summary's lines: each run, and per database the time at the largest size against the smallest.</summary>
    public void Summarize(Action<FormattableString> say)
    {
        foreach (var run in Runs)
        {
            say($"  {run.Storage,-16} (5) sweep, {run.Open,9:N0} open / {run.Due:N0} due: {run.Sweep.TotalMilliseconds,7:F0} ms, {run.Raised:N0} raised, allocated {Mb(run.AllocatedBytes):F0} MB, peak working set {Mb(run.PeakWorkingSet):F0} MB (the pass adding {Mb(run.PeakWorkingSet - run.WorkingSetBefore):F0}), peak managed heap {Mb(run.PeakManagedHeap):F0} MB{(run.Complete ? "" : " INCOMPLETE")}");
            say($"  {run.Storage,-16} (5) replanning all {run.Open:N0} open cases, as at every start: {run.Replanning.TotalSeconds:F1} s");
        }

        foreach (var group in Runs.GroupBy(r => r.Storage).Where(g => g.Count() > 1))
        {
            var small = group.MinBy(r => r.Open)!;
            var large = group.MaxBy(r => r.Open)!;
            say($"  {group.Key,-16} (5) sweep at {large.Open:N0} open / at {small.Open:N0} open, same {large.Due:N0} due: {large.Sweep.TotalMilliseconds / small.Sweep.TotalMilliseconds:F2}x the time ({large.Open / (double)small.Open:F0}x the open cases)");
        }

        foreach (var reason in NotMeasured)
            say($"  not measured: {reason}");
    }

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}

/// <summary>
/// (5) One pass of the provider's real <see cref="ReminderSweep{TContext,TSubject}"/> over a fresh store (the service's
/// own migrations) seeded directly with <c>open</c> cases in the state Submitted and their schedule rows, of which
/// <c>due</c> have their UnansweredReferral reminder due now and the rest in the future. The provider runs in this
/// process as its Program.cs builds it (in-memory transport, no SMTP, the Quartz sweep far away so that only the
/// measured pass runs). Issue 15: 1,000,000 open, 10,000 due, one pass under 2 s and 300 MB.
/// </summary>
internal static class ReminderSweepRun
{
    private const string JugendamtId = "ja-nordhausen";

    /// <summary>Open cases of the warm-up pass before a database's first measured size (half of them due).</summary>
    private const int WarmUpOpen = 2_000;

    /// <summary>The section: for each database of the run and each <c>--sweep-open</c> size, a fresh store and one measured pass.</summary>
    public static async Task<SweepSection> SectionAsync(BenchmarkOptions options, Action<FormattableString> say)
    {
        var section = new SweepSection();
        if (options.SweepOpen.Count == 0)
            return section;
        say($"");
        say($"(5) reminder sweep: one pass of the provider's ReminderSweep over a store seeded directly with N open cases, {options.SweepDue:N0} of them with a reminder due now");
        say($"    (the provider in this process with its own migrations, no SMTP; target at 1,000,000 open / 10,000 due: < 2 s and < 300 MB)");
        foreach (var database in options.Databases)
        {
            var warmedUp = false;
            foreach (var open in options.SweepOpen)
            {
                BenchStorage storage;
                try
                {
                    if (!warmedUp)
                    {
                        // The first pass of a process runs its code for the first time (JIT, tiering, EF Core's lazily built
                        // accessors): without this, the first size measured pays for it and the sizes do not compare.
                        await using var scratch = await NewStorageAsync(database, options);
                        var warmUp = await RunAsync(scratch, WarmUpOpen, WarmUpOpen / 2, _ => { });
                        say($"  {scratch.Name}: a warm-up pass over {WarmUpOpen:N0} open / {WarmUpOpen / 2:N0} due, not counted: {warmUp.Sweep.TotalMilliseconds:F0} ms{(warmUp.Problem is null ? "" : "; WRONG: " + warmUp.Problem)}");
                        warmedUp = true;
                    }

                    storage = await NewStorageAsync(database, options);
                }
                catch (NpgsqlException ex)
                {
                    section.NotMeasured.Add($"(5) sweep on PostgreSQL: no server ({ex.Message})");
                    say($"  on PostgreSQL: not measured, no server: {ex.Message}");
                    break;
                }

                await using (storage)
                {
                    var due = Math.Min(open, options.SweepDue);
                    say($"  {storage.Name}, {open:N0} open cases, {due:N0} due:");
                    var run = await RunAsync(storage, open, due, say);
                    section.Runs.Add(run);
                    say($"  one pass: {run.Sweep.TotalMilliseconds:F0} ms, {run.Raised:N0} reminders raised ({run.Raised / run.Sweep.TotalSeconds:F0}/s)");
                    say($"  allocated {SweepSection.Mb(run.AllocatedBytes):F0} MB; peak working set {SweepSection.Mb(run.PeakWorkingSet):F0} MB (before the pass {SweepSection.Mb(run.WorkingSetBefore):F0} MB); peak managed heap {SweepSection.Mb(run.PeakManagedHeap):F0} MB");
                    say($"  a second pass at once: {run.SecondPass.TotalMilliseconds:F0} ms, {run.SecondPassRaised} raised");
                    say($"  replanning all open cases, as the provider does at every start (in the background): {run.Replanning.TotalSeconds:F1} s");
                    say($"  {(run.Problem is null ? "checked in the store: one reminder row per due case and rule, no schedule row due any more" : "WRONG: " + run.Problem)}");
                }
            }
        }

        return section;
    }

    private static async Task<BenchStorage> NewStorageAsync(string database, BenchmarkOptions options) =>
        database == "postgres" ? await BenchStorage.PostgresAsync(options.Postgres) : BenchStorage.Sqlite();

    public static async Task<SweepRun> RunAsync(BenchStorage storage, int open, int due, Action<FormattableString> say)
    {
        var sealingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = storage.SettingsFor(AgencyPair.ProviderId, provider: true);
        settings["Transport"] = "InMemory";
        settings["Provider:AgencyId"] = AgencyPair.ProviderId;
        settings[$"Messaging:Sealing:Keys:{AgencyPair.ProviderId}+{JugendamtId}:bench"] = sealingKey;
        // Quartz's own pass would run beside the measured one: a day away, it never does during the run.
        settings["Reminders:SweepInterval"] = "1.00:00:00";
        await using var host = await ServiceHost.StartAsync(settings, b => b.AddProvider());
        await ReplannedAtStartAsync(host);

        var now = host.Service<TimeProvider>().GetUtcNow();
        var seeding = Stopwatch.StartNew();
        var seeded = await host.QueryAsync<CaseDbContext, int>(db => SeedAsync(db, host.Service<ReminderSetup<CaseDbContext>>(), open, due, now));
        seeding.Stop();
        say($"  seeded {seeded:N0} open cases with their schedule rows, {due:N0} due, in {seeding.Elapsed.TotalSeconds:F1} s (not part of the figure)");

        var sweep = host.Service<ReminderSweep<CaseDbContext, Case>>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampler = new PeakSampler(process);
        var clock = Stopwatch.StartNew();
        var raised = await sweep.RunAsync(CancellationToken.None);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var (peakWorkingSet, peakHeap) = await sampler.StopAsync();

        var again = Stopwatch.StartNew();
        var raisedAgain = await sweep.RunAsync(CancellationToken.None);
        again.Stop();

        var problem = await VerifyAsync(host, due, raised.Count + raisedAgain.Count, now);

        // Every start replans every open case (settings may have changed): its cost grows with the open cases.
        var replanning = Stopwatch.StartNew();
        foreach (var replanner in Replanners(host))
        {
            await replanner.StartAsync(CancellationToken.None);
            await replanner.ExecuteTask!;
        }

        replanning.Stop();
        problem ??= await VerifyAsync(host, due, raised.Count + raisedAgain.Count, now);

        return new SweepRun(storage.Name, seeded, due, seeding.Elapsed, clock.Elapsed, raised.Count, allocated, workingSetBefore, peakWorkingSet, peakHeap,
            again.Elapsed, raisedAgain.Count, replanning.Elapsed, problem);
    }

    /// <summary>The replanning of all active cases at start runs in the background: on the empty store it ends at once, and must have before seeding.</summary>
    private static async Task ReplannedAtStartAsync(ServiceHost host)
    {
        foreach (var replanner in Replanners(host))
        {
            if (replanner.ExecuteTask is { } task)
                await task;
        }
    }

    /// <summary>The provider's hosted services that replan every open case at start (internal to Horizont.Hosting).</summary>
    private static IEnumerable<BackgroundService> Replanners(ServiceHost host) =>
        host.Service<IEnumerable<IHostedService>>().OfType<BackgroundService>()
            .Where(s => s.GetType().Name.StartsWith("ReminderReplanner", StringComparison.Ordinal));

    /// <summary>The database's own count of what the sweep left behind, or why it is wrong.</summary>
    private static async Task<string?> VerifyAsync(ServiceHost host, int due, int raisedInProcess, DateTimeOffset now)
    {
        var (rows, referrals, occasions, stillDue) = await host.QueryAsync<CaseDbContext, (int, int, int, int)>(async db => (
            await db.Set<Reminder>().CountAsync(),
            await db.Set<Reminder>().Select(r => r.ReferralId).Distinct().CountAsync(),
            await db.Set<Reminder>().Select(r => new { r.ReferralId, r.Rule }).Distinct().CountAsync(),
            await db.Set<ReminderSchedule>().CountAsync(s => s.DueAt <= now)));
        var problems = new List<string>();
        if (raisedInProcess != due)
            problems.Add($"the sweep returned {raisedInProcess} reminders, not {due}");
        if (rows != due || referrals != due || occasions != due)
            problems.Add($"the store holds {rows} reminder rows for {referrals} referrals and {occasions} referral/rule pairs, not {due} each");
        if (stillDue > 0)
            problems.Add($"{stillDue} schedule rows are still due");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Writes the cases and their schedule rows straight into the store (PostgreSQL: binary COPY; SQLite: one
    /// transaction with a prepared command). The columns come from the service's own model, so every column the
    /// migrations made is filled as EF Core would fill it.
    /// </summary>
    private static async Task<int> SeedAsync(CaseDbContext db, ReminderSetup<CaseDbContext> setup, int open, int due, DateTimeOffset now)
    {
        var rule = ReminderCatalogue.UnansweredReferral;
        // Received a month ago: the reminder is due (three working days after receipt). Received an hour ago: it is days away.
        var dueReceived = now.AddDays(-30);
        var futureReceived = now.AddHours(-1);
        var dueAt = setup.Timing.After(rule, dueReceived) ?? throw new InvalidOperationException($"{rule} is switched off.");
        var futureAt = setup.Timing.After(rule, futureReceived) ?? throw new InvalidOperationException($"{rule} is switched off.");
        if (dueAt > now || futureAt <= now)
            throw new InvalidOperationException($"{rule} is due at {dueAt:o} and {futureAt:o}; the seeding expects one before and one after {now:o}.");

        var cases = new SeedTable(db.Model, typeof(Case), db.Database.IsNpgsql());
        var schedule = new SeedTable(db.Model, typeof(ReminderSchedule), db.Database.IsNpgsql());
        var every = Math.Max(1, open / Math.Max(1, due));
        var dueLeft = due;
        IEnumerable<(object?[] Case, object?[] Schedule)> Rows()
        {
            for (var i = 0; i < open; i++)
            {
                var isDue = dueLeft > 0 && i % every == 0;
                if (isDue)
                    dueLeft--;
                var id = Guid.NewGuid();
                var received = isDue ? dueReceived : futureReceived;
                yield return (cases.Row(new Dictionary<string, object?>
                {
                    [nameof(Case.ReferralId)] = id,
                    [nameof(Case.JugendamtId)] = JugendamtId,
                    [nameof(Case.ProviderId)] = AgencyPair.ProviderId,
                    [nameof(Case.FileReference)] = string.Create(CultureInfo.InvariantCulture, $"BENCH-SWEEP-{i}"),
                    [nameof(Case.LegalBasis)] = "JGG",
                    [nameof(Case.HoursOrdered)] = 40m,
                    [nameof(Case.Deadline)] = DateOnly.FromDateTime(now.UtcDateTime.AddDays(90)),
                    [nameof(Case.State)] = CaseState.Submitted,
                    [nameof(Case.StateSince)] = received,
                    [nameof(Case.SubmittedAt)] = received,
                    [nameof(Case.ReceivedAt)] = received,
                }), schedule.Row(new Dictionary<string, object?>
                {
                    [nameof(ReminderSchedule.ReferralId)] = id,
                    [nameof(ReminderSchedule.Rule)] = rule,
                    [nameof(ReminderSchedule.DueAt)] = isDue ? dueAt : futureAt,
                }));
            }
        }

        var connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("The provider's store has no connection string.");
        if (db.Database.IsNpgsql())
        {
            // Two COPY streams at once need two connections; the rows are made once, for both.
            await using var caseConnection = new NpgsqlConnection(connectionString);
            await using var scheduleConnection = new NpgsqlConnection(connectionString);
            await caseConnection.OpenAsync();
            await scheduleConnection.OpenAsync();
            await using (var caseImport = await caseConnection.BeginBinaryImportAsync(cases.CopyCommand()))
            await using (var scheduleImport = await scheduleConnection.BeginBinaryImportAsync(schedule.CopyCommand()))
            {
                foreach (var (caseRow, scheduleRow) in Rows())
                {
                    await cases.WriteAsync(caseImport, caseRow);
                    await schedule.WriteAsync(scheduleImport, scheduleRow);
                }

                await caseImport.CompleteAsync();
                await scheduleImport.CompleteAsync();
            }

            await using var analyze = new NpgsqlCommand("""ANALYZE "Cases"; ANALYZE "ReminderSchedule";""", caseConnection);
            await analyze.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insertCase = cases.InsertCommand(connection, transaction);
            await using var insertSchedule = schedule.InsertCommand(connection, transaction);
            foreach (var (caseRow, scheduleRow) in Rows())
            {
                await SeedTable.ExecuteAsync(insertCase, caseRow);
                await SeedTable.ExecuteAsync(insertSchedule, scheduleRow);
            }

            await transaction.CommitAsync();
            await using var analyze = new SqliteCommand("ANALYZE;", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        return open;
    }

    /// <summary>
    /// One table of the model as the seeding writes it: every column with the value given by property name, or the
    /// property's default (null where nullable, an empty collection, a zero), converted as EF Core converts it.
    /// </summary>
    private sealed class SeedTable
    {
        private readonly ITable _table;
        private readonly IColumn[] _columns;
        private readonly bool _postgres;

        public SeedTable(IModel model, Type entity, bool postgres)
        {
            _postgres = postgres;
            var entityType = model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not in the model.");
            _table = entityType.GetTableMappings().Single().Table;
            _columns = [.. _table.Columns];
        }

        public string CopyCommand() =>
            $"COPY \"{_table.Name}\" ({string.Join(", ", _columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";

        public object?[] Row(Dictionary<string, object?> given)
        {
            var row = new object?[_columns.Length];
            for (var i = 0; i < _columns.Length; i++)
            {
                var mapping = _columns[i].PropertyMappings[0];
                var property = mapping.Property;
                var value = given.TryGetValue(property.Name, out var set) ? set : Default(property.ClrType, _columns[i].IsNullable);
                if (value is not null && mapping.TypeMapping.Converter is { } converter)
                    value = converter.ConvertToProvider(value);
                row[i] = value switch
                {
                    // EF Core keeps a Guid as upper-case text in SQLite.
                    Guid id when !_postgres => id.ToString().ToUpperInvariant(),
                    System.Collections.IList list when _postgres && value is not Array => ToArray(list, property.ClrType),
                    _ => value,
                };
            }

            return row;
        }

        public async Task WriteAsync(NpgsqlBinaryImporter import, object?[] row)
        {
            await import.StartRowAsync();
            for (var i = 0; i < _columns.Length; i++)
            {
                if (row[i] is null)
                    await import.WriteNullAsync();
                else
                    await import.WriteAsync(row[i], DataTypeName(_columns[i].StoreType));
            }
        }

        public SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction)
        {
            var command = new SqliteCommand(
                $"INSERT INTO \"{_table.Name}\" ({string.Join(", ", _columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", _columns.Select((_, i) => $"$p{i}"))})",
                connection, transaction);
            for (var i = 0; i < _columns.Length; i++)
                command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            command.Prepare();
            return command;
        }

        public static async Task ExecuteAsync(SqliteCommand command, object?[] row)
        {
            for (var i = 0; i < row.Length; i++)
                command.Parameters[i].Value = row[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>"character varying(64)" is written as "character varying": the facet is the column's, not the value's.</summary>
        private static string DataTypeName(string storeType) =>
            storeType.IndexOf('(', StringComparison.Ordinal) is var at and >= 0 ? storeType[..at].TrimEnd() + storeType[(storeType.IndexOf(')', StringComparison.Ordinal) + 1)..] : storeType;

        private static object? Default(Type type, bool nullable)
        {
            if (nullable)
                return null;
            if (type == typeof(string))
                return "-";
            if (type.IsArray)
                return Array.CreateInstance(type.GetElementType()!, 0);
            return Activator.CreateInstance(type);
        }

        private static Array ToArray(System.Collections.IList list, Type listType)
        {
            var element = listType.IsGenericType ? listType.GetGenericArguments()[0] : typeof(object);
            var array = Array.CreateInstance(element, list.Count);
            list.CopyTo(array, 0);
            return array;
        }
    }

    /// <summary>Samples the process's working set and the managed heap every 10 ms while the sweep runs.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(long, long)> _sampling;

        public PeakSampler(Process process) => _sampling = Task.Run(async () =>
        {
            long workingSet = 0, heap = 0;
            while (true)
            {
                process.Refresh();
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                if (_stop.IsCancellationRequested)
                    return (workingSet, heap);
                try
                {
                    await Task.Delay(10, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // One more sample after the stop, then done.
                }
            }
        });

        public async Task<(long WorkingSet, long ManagedHeap)> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public void Dispose() => _stop.Dispose();
    }
}
