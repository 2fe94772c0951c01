using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Horizont.Benchmarks;

/// <summary>
/// The whole run: the machine, (1) the raw broker rate, then for each database (2) the handover rate and (3) accept →
/// ledger latency, (4) start and memory of the published services, (5) one reminder sweep per store size, and a
/// summary with the ratio (2)/(1) beside issue 15's targets. Exit code 0 when everything asked for was measured to the end.
/// </summary>
internal static class BenchmarkRun
{
    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        var wall = Stopwatch.StartNew();
        void Say(FormattableString line) => output.WriteLine(FormattableString.Invariant(line));

        Say($"Horizont benchmark (issue 15), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        foreach (var line in Machine.Describe())
            Say($"  {line}");
        var broker = new BenchBroker(options);
        if (options.Sections.Overlaps(["raw", "handover", "processes"]))
            Say($"  broker: {await broker.DescribeAsync()} on {BenchBroker.Host}, virtual host {broker.VirtualHost}; the broker shares the cores with this process");

        var raw = double.NaN;
        if (options.Measures("raw"))
            raw = await RawAsync(options, broker, Say);
        var template = ReferralTemplate.Load();
        var measured = new List<DatabaseRun>();
        var notMeasured = new List<string>();
        if (options.Measures("handover"))
            await HandoverAsync(options, broker, template, raw, measured, notMeasured, Say);
        var processes = new List<VariantRun>();
        if (options.Measures("processes"))
        {
            Say($"");
            Say($"(4) the published services, each a process of its own on SQLite: start to ready (/health/ready answers 200), the first start on an empty");
            Say($"    data directory and {options.ProcessStarts - 1} restarts on the store it made (median); RSS after {options.IdleSeconds} s idle, and after {options.ProcessReferrals} referrals");
            Say($"    posted by {options.Clients} clients to the Jugendamt's process have become cases in the provider's (peak = VmHWM since start)");
            foreach (var variant in options.ProcessVariants)
            {
                Say($"  {variant.Name}: {variant.Description}");
                var run = await PublishedServices.RunAsync(variant, broker, template, options, output);
                processes.Add(run);
                if (run.Failure is not null)
                {
                    Say($"    NOT MEASURED: {run.Failure}");
                    continue;
                }

                foreach (var service in run.Services)
                {
                    Say($"    {service.Service,-20} first start {service.FirstStart.TotalSeconds,5:F2} s  restart {service.Ready.TotalSeconds,5:F2} s ({string.Join(", ", service.Restarts.Select(r => r.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))})  RSS idle {Mb(service.IdleRss),4} MB  loaded {Mb(service.LoadedRss),4} MB  peak {Mb(service.PeakRss),4} MB");
                }

                Say($"    load: {run.CasesSeen}/{run.Referrals} cases after {run.LoadTook.TotalSeconds:F1} s");
            }
        }

        var sweeps = options.Measures("sweep") ? await ReminderSweepRun.SectionAsync(options, Say) : null;

        Say($"");
        Say($"== Summary: {Environment.ProcessorCount} cores; wall time {wall.Elapsed.TotalSeconds:F0} s");
        if (!double.IsNaN(raw))
            Say($"  (1) raw RabbitMQ.Client, quorum queue, {RawBrokerRate.PayloadBytes} B, confirms + acks: {raw:N0} msg/s");
        foreach (var (name, warmUp, handover, handoverJit, csv, backlog, latency, latencyJit) in measured)
        {
            Say($"  {name,-16} (2) handover {handover.Rate,7:F1}/s  ratio (2)/(1) {handover.Rate / raw:F4}  intake {handover.IntakeRate:F1}/s  ({options.Referrals} referrals, {options.Clients} clients; compiling {handoverJit.Share:P0} of the time)");
            Say($"  {"",-16}     {warmUp.FirstRound}: the first {warmUp.Cold.Referrals} at {warmUp.Cold.Rate:F1}/s; warm after {warmUp.Rounds} rounds of {options.Warmup}{(warmUp.Settled ? "" : " (NOT settled: still compiling " + warmUp.Last.Share.ToString("P0", CultureInfo.InvariantCulture) + ")")}");
            if (csv is not null)
                Say($"  {"",-16} (2b) CSV of {csv.Rows} rows: all cases after {csv.AllCases.TotalSeconds:F1} s ({csv.Rate:F1} rows/s), in the ledger after {csv.AllInLedger.TotalSeconds:F1} s");
            if (backlog is not null)
                Say($"  {"",-16} (2c) provider alone, {backlog.Referrals} waiting in its queue: all cases {backlog.AllCases.TotalSeconds:F1} s after its start ({backlog.Rate:F1}/s; start {backlog.StartedIn.TotalSeconds:F1} s)");
            Say($"  {"",-16} (3) accept -> ledger at {latency.Rate}/s: p50 {latency.ToLedger[50]:F1} · p95 {latency.ToLedger[95]:F1} · p99 {latency.ToLedger[99]:F1} ms; {latency.Arrived}/{latency.Accepts} arrived, {latency.Refused} refused (compiling {latencyJit.Share:P0})");
            Say($"  {"",-16}     {warmUp.FirstRound}: p50 {warmUp.ColdAccepts.ToLedger[50]:F1} · p99 {warmUp.ColdAccepts.ToLedger[99]:F1} ms");
        }

        foreach (var run in processes.Where(r => r.Failure is null))
        {
            Say($"  (4) {run.Variant.Name,-28} restart to ready {string.Join(" · ", run.Services.Select(s => FormattableString.Invariant($"{Short(s.Service)} {s.Ready.TotalSeconds:F2} s")))}");
            Say($"      {"",-28} RSS idle {string.Join(" · ", run.Services.Select(s => $"{Short(s.Service)} {Mb(s.IdleRss)} MB"))}; loaded {string.Join(" · ", run.Services.Select(s => $"{Short(s.Service)} {Mb(s.LoadedRss)} MB"))}");
        }

        foreach (var reason in notMeasured)
            Say($"  not measured: {reason}");
        sweeps?.Summarize(Say);
        Say($"  targets (issue 15): ratio >= 0.25 with PostgreSQL (goal 0.5); accept -> ledger p99 < 50 ms at 100/s; 10,000-row CSV in < 10 s;");
        Say($"                      idle RSS < 120 MB per service; start to ready < 2 s (published build);");
        Say($"                      one reminder sweep at 1,000,000 open / 10,000 due < 2 s and < 300 MB, its time growing with the due, not the open cases");
        var complete = notMeasured.Count == 0
            && measured.All(m => m.Handover.Complete && m.Csv?.Complete != false && m.Backlog?.Complete != false && m.Latency.Complete)
            && processes.All(p => p.Failure is null && p.CasesSeen >= p.Referrals)
            && sweeps?.Complete != false;
        return complete ? 0 : 1;
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) : "-";

    private static string Short(string service) => service.Replace("Horizont.", "", StringComparison.Ordinal);

    private static async Task<double> RawAsync(BenchmarkOptions options, BenchBroker broker, Action<FormattableString> Say)
    {
        Say($"");
        Say($"(1) raw RabbitMQ.Client: {options.RawMessages} persistent messages of {RawBrokerRate.PayloadBytes} bytes through one quorum queue,");
        Say($"    published with confirms ({RawBrokerRate.InFlight} unconfirmed at most) while another connection consumes and acks each (prefetch {RawBrokerRate.Prefetch})");
        var raws = new List<RawRun>();
        for (var r = 1; r <= options.RawRuns; r++)
        {
            var run = await RawBrokerRate.RunAsync(broker, options.RawMessages);
            raws.Add(run);
            Say($"  run {r}: {run.Rate:N0} msg/s through the queue in {run.AllAcked.TotalSeconds:F1} s (all confirmed after {run.AllConfirmed.TotalSeconds:F1} s: {run.PublishRate:N0} msg/s)");
        }

        var raw = raws.Select(r => r.Rate).Order().ElementAt(raws.Count / 2);
        Say($"  raw rate: {raw:N0} msg/s (median of {raws.Count})");
        return raw;
    }

    private static async Task HandoverAsync(BenchmarkOptions options, BenchBroker broker, ReferralTemplate template, double raw,
        List<DatabaseRun> measured, List<string> notMeasured, Action<FormattableString> Say)
    {
        foreach (var database in options.Databases)
        {
            BenchStorage storage;
            try
            {
                storage = database == "postgres" ? await BenchStorage.PostgresAsync(options.Postgres) : BenchStorage.Sqlite();
            }
            catch (NpgsqlException ex)
            {
                notMeasured.Add($"PostgreSQL: no server ({ex.Message})");
                Say($"");
                Say($"(2)/(3) on PostgreSQL: not measured, no server at {new NpgsqlConnectionStringBuilder(options.Postgres).Host}: {ex.Message}");
                continue;
            }

            await using (storage)
            {
                await broker.ResetAgencyQueuesAsync();
                await using var pair = await AgencyPair.StartAsync(broker.TransportSettings(), storage, CsvHandover.FolderSettings);
                Say($"");
                Say($"(2) handover on {storage.Name}: {options.Referrals} referrals posted over HTTP by {options.Clients} clients to the Jugendamt, until all are cases in the provider's store");
                Say($"    (intake, ledger and outbox; broker; the provider's inbox and case store; both services in this process on RabbitMQ, each with its own data directory)");
                Say($"  started in this process: Jugendamt {pair.Jugendamt.StartedIn.TotalSeconds:F1} s, provider {pair.Provider.StartedIn.TotalSeconds:F1} s");
                var warmUp = await WarmUpAsync(options, pair, template, Say) with { AfterAnotherDatabase = measured.Count > 0 };

                var handoverJit = JitActivity.Start();
                var handoverCpu = MachineCpu.Start();
                var handover = await HandoverRate.RunAsync(pair, template, options.Referrals, options.Clients, "BENCH");
                var handoverCompiled = handoverJit.Stop();
                var handoverBusy = handoverCpu?.Stop();
                Say($"  {handover.CasesSeen}/{handover.Referrals} cases after {handover.AllCases.TotalSeconds:F1} s: {handover.Rate:F1} referrals/s; ratio to the raw rate {handover.Rate / raw:F4}");
                Say($"  intake alone: all posts answered 202 after {handover.AllAnswered.TotalSeconds:F1} s ({handover.IntakeRate:F1}/s); answer time {handover.PostAnswers.Describe()}");
                Say($"  during it: {handoverCompiled.Describe()}{(handoverBusy is { } busy ? "; " + busy.Describe(handover.Referrals, "referral") : "")}");
                if (!handover.Complete)
                    Say($"  INCOMPLETE: only {handover.CasesSeen} of {handover.Referrals} referrals became cases within the patience");

                CsvRun? csv = null;
                if (options.CsvRows > 0)
                {
                    Say($"(2b) handover on {storage.Name} of one CSV file of {options.CsvRows} rows moved into the Jugendamt's intake folder (polled every 0.2 s), until all are cases");
                    var csvJit = JitActivity.Start();
                    csv = await CsvHandover.RunAsync(pair, options.CsvRows, "BENCH-CSV");
                    Say($"  {csv.CasesSeen}/{csv.Rows} cases after {csv.AllCases.TotalSeconds:F1} s: {csv.Rate:F1} rows/s; all rows in the ledger after {csv.AllInLedger.TotalSeconds:F1} s");
                    Say($"  during it: {csvJit.Stop().Describe()}");
                    if (!csv.Complete)
                        Say($"  INCOMPLETE: only {csv.CasesSeen} of {csv.Rows} rows became cases within the patience");
                }

                BacklogRun? backlog = null;
                if (options.Backlog > 0)
                {
                    Say($"(2c) the provider alone on {storage.Name}: stopped while one CSV file of {options.Backlog} rows goes to its queue, then started again (code already compiled), until all are cases");
                    var backlogJit = JitActivity.Start();
                    backlog = await ProviderBacklog.RunAsync(pair, options.Backlog, "BENCH-BACKLOG");
                    Say($"  {backlog.CasesSeen}/{backlog.Referrals} queued after {backlog.Queued.TotalSeconds:F1} s; provider started in {backlog.StartedIn.TotalSeconds:F1} s; all cases {backlog.AllCases.TotalSeconds:F1} s after its start: {backlog.Rate:F1}/s");
                    Say($"  during it: {backlogJit.Stop().Describe()}");
                    if (!backlog.Complete)
                        Say($"  INCOMPLETE: only {backlog.CasesSeen} of {backlog.Referrals} queued referrals became cases within the patience");
                }

                Say($"(3) accept -> ledger on {storage.Name}: the provider's team lead accepts at {options.LatencyRate}/s for {options.LatencySeconds} s (open loop)");
                var latencyJit = JitActivity.Start();
                var latency = await AnswerLatency.RunAsync(pair, handover.ReferralIds, options.LatencyRate, options.LatencySeconds);
                var latencyCompiled = latencyJit.Stop();
                Say($"  {latency.Arrived}/{latency.Accepts} acceptances in the ledger; offered {latency.OfferedRate:F1}/s");
                if (latency.Refused > 0)
                    Say($"  REFUSED: {latency.Refused} accepts were not answered with success; the first: {latency.FirstRefusal}");
                Say($"  accept -> ledger: {latency.ToLedger.Describe()}");
                Say($"  the accept's own HTTP answer: {latency.AcceptAnswers.Describe()}");
                Say($"  during it: {latencyCompiled.Describe()}");
                measured.Add(new DatabaseRun(storage.Name, warmUp, handover, handoverCompiled, csv, backlog, latency, latencyCompiled));
            }
        }
    }

    /// <summary>A round that compiled for less than this share of its wall time counts as warm.</summary>
    private const double SettledShare = 0.05;

    private const int MaxWarmUpRounds = 8;

    /// <summary>
    /// Rounds of <see cref="BenchmarkOptions.Warmup"/> referrals handed over and then accepted at the latency rate, not
    /// counted, until a round compiled for less than <see cref="SettledShare"/> of its time (or after
    /// <see cref="MaxWarmUpRounds"/>): tiered compilation goes on recompiling the services' hot code for a minute or more
    /// under this load, and a run during it measures the warm-up. The first round is what a just-started service gives.
    /// </summary>
    private static async Task<WarmUp> WarmUpAsync(BenchmarkOptions options, AgencyPair pair, ReferralTemplate template, Action<FormattableString> Say)
    {
        HandoverRun? cold = null;
        LatencyRun? coldAccepts = null;
        JitActivity last = default;
        var rounds = 0;
        while (rounds < MaxWarmUpRounds)
        {
            rounds++;
            var jit = JitActivity.Start();
            var handover = await HandoverRate.RunAsync(pair, template, options.Warmup, options.Clients, FormattableString.Invariant($"BENCH-WARMUP{rounds}"));
            var accepts = await AnswerLatency.RunAsync(pair, handover.ReferralIds, options.LatencyRate, Math.Max(1, options.Warmup / options.LatencyRate));
            last = jit.Stop();
            cold ??= handover;
            coldAccepts ??= accepts;
            Say($"  warm-up round {rounds}, not counted: {handover.CasesSeen}/{handover.Referrals} referrals at {handover.Rate:F1}/s, {accepts.Arrived}/{accepts.Accepts} accepts (to the ledger p99 {accepts.ToLedger[99]:F1} ms); {last.Describe()}");
            if (last.Share < SettledShare)
                break;
        }

        return new WarmUp(rounds, last.Share < SettledShare, cold!, coldAccepts!, last);
    }
}

/// <summary>The warm-up before a database's measured runs: its first round (a just-started service) and its last.</summary>
internal sealed record WarmUp(int Rounds, bool Settled, HandoverRun Cold, LatencyRun ColdAccepts, JitActivity Last)
{
    /// <summary>This process measured another database first: the code both share was compiled then, so the first round is not a cold start.</summary>
    public bool AfterAnotherDatabase { get; init; }

    public string FirstRound => AfterAnotherDatabase ? "first round (after the database before)" : "just started";
}

/// <summary>What was measured on one database.</summary>
internal sealed record DatabaseRun(string Storage, WarmUp WarmUp, HandoverRun Handover, JitActivity HandoverJit, CsvRun? Csv, BacklogRun? Backlog, LatencyRun Latency, JitActivity LatencyJit);
