using System.Globalization;

namespace Horizont.Benchmarks;

/// <summary>The command line (<c>--referrals 2000 --clients 8 …</c>); every option has a default.</summary>
internal sealed record BenchmarkOptions
{
    public const string Usage = """
        dotnet run -c Release --project benchmarks/Horizont.Benchmarks -- [options]
          --referrals N        referrals handed over per database (2000)
          --clients N          concurrent HTTP clients posting them (8)
          --warmup N           referrals per warm-up round, handed over and accepted, not timed (1000); rounds repeat
                               until one compiles for less than 5 % of its time (at most 8)
          --raw-messages N     messages per raw RabbitMQ.Client run (50000)
          --raw-runs N         raw runs; the median is the figure (3)
          --csv-rows N         rows of the one CSV file handed over through the intake folder per database (10000; 0 skips it)
          --backlog N          (2c) referrals waiting in the provider's queue while it is stopped, drained after its restart (10000; 0 skips it)
          --latency-rate N     accepts per second offered for accept -> ledger latency (100)
          --latency-seconds N  for how long (10)
          --databases LIST     sqlite,postgres (both)
          --vhost NAME         RabbitMQ virtual host on 127.0.0.1 (horizont-bench); never horizont-tests
          --user, --pass       RabbitMQ user (guest/guest)
          --postgres CS        PostgreSQL server (Host=127.0.0.1;Username=postgres;Password=postgres;Timeout=5)
          --process-variants L (4) builds and runtime settings whose start and memory are measured, or none
                               (published,workstation-gc,workstation-gc-nonconcurrent,tiered-compilation-off,ready-to-run,ready-to-run-workstation-gc)
          --process-starts N   starts of each published service per variant (4): the first on an empty store, the rest timed as restarts
          --process-referrals N referrals handed over between the published processes before their loaded memory is read (1000)
          --idle-seconds N     how long the started services idle before their idle memory is read (10)
          --only LIST          only these sections: raw, handover (with CSV, the provider's backlog and latency), processes, sweep (all)
          --sweep-open LIST    (5) open cases seeded for one reminder sweep per size and database (100000,1000000; 0 skips it)
          --sweep-due N        of which have a reminder due now (10000)
        """;

    /// <summary>The integration tests delete their queues at will: a benchmark there would measure, and disturb, a test run.</summary>
    public const string TestsVirtualHost = "horizont-tests";

    public int Referrals { get; init; } = 2000;

    public int Clients { get; init; } = 8;

    public int Warmup { get; init; } = 1000;

    public int RawMessages { get; init; } = 50_000;

    public int RawRuns { get; init; } = 3;

    public int CsvRows { get; init; } = 10_000;

    public int Backlog { get; init; } = 10_000;

    public int LatencyRate { get; init; } = 100;

    public int LatencySeconds { get; init; } = 10;

    public IReadOnlyList<string> Databases { get; init; } = ["sqlite", "postgres"];

    public string VirtualHost { get; init; } = "horizont-bench";

    public string User { get; init; } = "guest";

    public string Password { get; init; } = "guest";

    public string Postgres { get; init; } = "Host=127.0.0.1;Username=postgres;Password=postgres;Timeout=5";

    /// <summary>The sizes of the reminder sweep's store, in open cases; empty skips the sweep.</summary>
    public IReadOnlyList<int> SweepOpen { get; init; } = [100_000, 1_000_000];

    public int SweepDue { get; init; } = 10_000;

    public IReadOnlyList<ProcessVariant> ProcessVariants { get; init; } = ProcessVariant.All;

    public int ProcessStarts { get; init; } = 4;

    public int ProcessReferrals { get; init; } = 1000;

    public int IdleSeconds { get; init; } = 10;

    public IReadOnlySet<string> Sections { get; init; } = new HashSet<string>(KnownSections, StringComparer.Ordinal);

    /// <summary>Whether the run measures <paramref name="section"/> (raw, handover, processes, sweep).</summary>
    public bool Measures(string section) => Sections.Contains(section);

    /// <summary>The options, or null after writing to <paramref name="error"/> why not (and the usage).</summary>
    public static BenchmarkOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchmarkOptions();
        try
        {
            for (var i = 0; i < args.Length; i += 2)
            {
                if (args[i] is "--help" or "-h")
                {
                    error.WriteLine(Usage);
                    return null;
                }

                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                options = args[i] switch
                {
                    "--referrals" => options with { Referrals = Positive(args[i], value) },
                    "--clients" => options with { Clients = Positive(args[i], value) },
                    "--warmup" => options with { Warmup = Positive(args[i], value) },
                    "--raw-messages" => options with { RawMessages = Positive(args[i], value) },
                    "--raw-runs" => options with { RawRuns = Positive(args[i], value) },
                    "--csv-rows" => options with { CsvRows = NotNegative(args[i], value) },
                    "--backlog" => options with { Backlog = NotNegative(args[i], value) },
                    "--latency-rate" => options with { LatencyRate = Positive(args[i], value) },
                    "--latency-seconds" => options with { LatencySeconds = Positive(args[i], value) },
                    "--databases" => options with { Databases = ParseDatabases(value) },
                    "--vhost" => options with { VirtualHost = value },
                    "--user" => options with { User = value },
                    "--pass" => options with { Password = value },
                    "--postgres" => options with { Postgres = value },
                    "--sweep-open" => options with { SweepOpen = ParseSizes(args[i], value) },
                    "--sweep-due" => options with { SweepDue = Positive(args[i], value) },
                    "--process-variants" => options with { ProcessVariants = ParseVariants(value) },
                    "--process-starts" => options with { ProcessStarts = Positive(args[i], value) },
                    "--process-referrals" => options with { ProcessReferrals = Positive(args[i], value) },
                    "--idle-seconds" => options with { IdleSeconds = NotNegative(args[i], value) },
                    "--only" => options with { Sections = ParseSections(value) },
                    _ => throw new ArgumentException($"Unknown option {args[i]}."),
                };
            }

            if (options.VirtualHost == TestsVirtualHost)
                throw new ArgumentException($"--vhost {TestsVirtualHost} is the integration tests' virtual host; use one of the benchmark's own.");
            return options;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            error.WriteLine(Usage);
            return null;
        }
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    private static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} must be a whole number, 0 or more, not '{value}'.");

    /// <summary>"100000,1000000"; "0" is none.</summary>
    private static int[] ParseSizes(string name, string value) =>
        value.Trim() == "0" ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(name, v)).Distinct().Order()];

    private static string[] ParseDatabases(string value)
    {
        var given = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var names = given.Select(n => KnownDatabases.FirstOrDefault(known => string.Equals(known, n, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>().Distinct().ToArray();
        return names.Length > 0 && given.All(n => KnownDatabases.Contains(n, StringComparer.OrdinalIgnoreCase))
            ? names
            : throw new ArgumentException($"--databases is a list of sqlite and postgres, not '{value}'.");
    }

    private static readonly string[] KnownDatabases = ["sqlite", "postgres"];

    private static readonly string[] KnownSections = ["raw", "handover", "processes", "sweep"];

    private static ProcessVariant[] ParseVariants(string value)
    {
        if (value == "none")
            return [];
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length > 0 && names.All(n => ProcessVariant.Find(n) is not null)
            ? [.. names.Select(n => ProcessVariant.Find(n)!).Distinct()]
            : throw new ArgumentException($"--process-variants is none or a list of {string.Join(", ", ProcessVariant.All.Select(v => v.Name))}, not '{value}'.");
    }

    private static HashSet<string> ParseSections(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return names.Count > 0 && names.All(KnownSections.Contains)
            ? names
            : throw new ArgumentException($"--only is a list of {string.Join(", ", KnownSections)}, not '{value}'.");
    }
}
