using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Horizont.Hosting.Security;
using Microsoft.Data.Sqlite;

namespace Horizont.Benchmarks;

/// <summary>
/// A way to build and start the services whose start time and memory section (4) measures: a publish (as the
/// Dockerfiles do, or ReadyToRun) and the runtime settings the process starts with.
/// </summary>
internal sealed record ProcessVariant(string Name, string Description, bool ReadyToRun, IReadOnlyDictionary<string, string> Runtime)
{
    /// <summary>The levers of issue 15 for start and memory, each measured against the build the Dockerfiles publish.</summary>
    public static readonly ProcessVariant[] All =
    [
        new("published", "as the Dockerfiles publish: framework-dependent, the Web SDK's server GC with DATAS", false, new Dictionary<string, string>()),
        new("workstation-gc", "the same build, DOTNET_gcServer=0", false, new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }),
        new("workstation-gc-nonconcurrent", "the same build, DOTNET_gcServer=0 DOTNET_gcConcurrent=0 (no background GC)", false,
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
        new("tiered-compilation-off", "the same build, DOTNET_TieredCompilation=0 (everything fully optimised when first called)", false,
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
        new("ready-to-run", "published with -r linux-x64 -p:PublishReadyToRun=true (precompiled), server GC", true, new Dictionary<string, string>()),
        new("ready-to-run-workstation-gc", "ReadyToRun, DOTNET_gcServer=0 DOTNET_gcConcurrent=0", true,
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
    ];

    public static ProcessVariant? Find(string name) => All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>What section (4) found for one service in one variant.</summary>
internal sealed record ServiceFigures(string Service, TimeSpan FirstStart, IReadOnlyList<TimeSpan> Restarts, long IdleRss, long? LoadedRss, long? PeakRss)
{
    /// <summary>Start to ready of a restart on an existing store: the median of the restarts.</summary>
    public TimeSpan Ready => Restarts.Order().ElementAt(Restarts.Count / 2);
}

/// <summary>One variant: each service's figures, and the load that was put through the Jugendamt and the provider.</summary>
internal sealed record VariantRun(ProcessVariant Variant, IReadOnlyList<ServiceFigures> Services, int Referrals, int CasesSeen, TimeSpan LoadTook, string? Failure);

/// <summary>
/// (4) Start-to-ready and memory of the published services, each a process of its own as in production: publish each
/// service, start it (on SQLite and the benchmark's virtual host) a first time on an empty data directory and then again
/// on its existing store, timing each start to the first 200 of <c>/health/ready</c>; after the last start, the resident
/// set (RSS) once idle, then once N referrals have been handed over from the Jugendamt's process to the provider's.
/// </summary>
internal static class PublishedServices
{
    private static readonly string[] Services = ["Horizont.Jugendamt", "Horizont.Provider", "Horizont.Operations"];

    public static async Task<VariantRun> RunAsync(ProcessVariant variant, BenchBroker broker, ReferralTemplate template, BenchmarkOptions options, TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), $"horizont-bench-processes-{Guid.NewGuid():N}");
        var running = new List<ServiceProcess>();
        try
        {
            var published = await PublishAsync(variant.ReadyToRun, output);
            await broker.ResetAgencyQueuesAsync();
            var sealingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var figures = new List<(string Service, TimeSpan First, List<TimeSpan> Restarts)>();
            var keys = new Dictionary<string, string>();
            foreach (var service in Services)
            {
                var settings = broker.TransportSettings();
                settings["Horizont:DataDirectory"] = Path.Combine(root, service);
                settings[$"Messaging:Sealing:Keys:{AgencyPair.ProviderId}+{AgencyPair.JugendamtId}:bench"] = sealingKey;
                settings["Provider:AgencyId"] = AgencyPair.ProviderId;
                settings["Serilog:MinimumLevel:Default"] = "Warning";
                var dll = Path.Combine(published[service], $"{service}.dll");
                if (Staff(service) is { } staff)
                    keys[service] = await ServiceProcess.CreateKeyAsync(dll, settings, variant.Runtime, staff.Agency, staff.Role);

                // The first start creates the store (migrations, Quartz's tables, sign-in keys); a restart finds them.
                var times = new List<TimeSpan>();
                ServiceProcess? last = null;
                for (var start = 0; start < options.ProcessStarts; start++)
                {
                    if (last is not null)
                        await last.StopAsync();
                    last = await ServiceProcess.StartAsync(dll, settings, variant.Runtime);
                    times.Add(last.StartedIn);
                }

                running.Add(last!);
                figures.Add((service, times[0], times.Skip(1).DefaultIfEmpty(times[0]).ToList()));
            }

            // Idle: Quartz's first sweeps, the heartbeats and the bus have started; nothing is being handed over.
            await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
            var idle = running.Select(p => p.ResidentBytes()).ToList();

            var (jugendamt, provider) = (running[0], running[1]);
            var load = Stopwatch.StartNew();
            var seen = await HandOverAsync(jugendamt, keys["Horizont.Jugendamt"], Path.Combine(root, "Horizont.Provider"), template, options.ProcessReferrals, options.Clients);
            var took = load.Elapsed;
            var loaded = running.Select(p => p.ResidentBytes()).ToList();
            var peak = running.Select(p => p.PeakResidentBytes()).ToList();
            var services = figures.Select((f, i) => new ServiceFigures(f.Service, f.First, f.Restarts, idle[i], loaded[i], peak[i])).ToList();
            return new VariantRun(variant, services, options.ProcessReferrals, seen, took, null);
        }
        catch (InvalidOperationException ex)
        {
            return new VariantRun(variant, [], options.ProcessReferrals, 0, TimeSpan.Zero, ex.Message);
        }
        finally
        {
            foreach (var process in running)
                await process.StopAsync();
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }

    private static (string Agency, string Role)? Staff(string service) => service switch
    {
        "Horizont.Jugendamt" => (AgencyPair.JugendamtId, HorizontRoles.JugendamtCasework),
        "Horizont.Provider" => (AgencyPair.ProviderId, HorizontRoles.ProviderTeamLead),
        _ => null,
    };

    /// <summary>Posts <paramref name="count"/> referrals to the Jugendamt's process and waits until the provider's store holds them all; returns the cases seen.</summary>
    private static async Task<int> HandOverAsync(ServiceProcess jugendamt, string key, string providerData, ReferralTemplate template, int count, int clients)
    {
        var next = -1;
        async Task PostAsync()
        {
            using var http = new HttpClient { BaseAddress = jugendamt.Address, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, key);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var body = template.For(Guid.NewGuid(), FormattableString.Invariant($"BENCH-PROC-{i:D6}"));
                using var response = await http.PostAsync(new Uri("/jugendamt/api/referrals", UriKind.Relative), body);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"The Jugendamt's process answered referral {i} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => PostAsync()));
        var store = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(providerData, $"provider-{AgencyPair.ProviderId}.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString;
        var patience = Stopwatch.StartNew();
        int seen;
        while ((seen = await CountCasesAsync(store)) < count && patience.Elapsed < TimeSpan.FromSeconds(Math.Max(60, count / 10)))
            await Task.Delay(200);
        return seen;
    }

    private static async Task<int> CountCasesAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Cases";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Publishes the three services (once per kind of build and run) and returns each one's folder.</summary>
    private static async Task<Dictionary<string, string>> PublishAsync(bool readyToRun, TextWriter output)
    {
        var repository = Repository();
        var kind = readyToRun ? "ready-to-run" : "framework-dependent";
        var folders = new Dictionary<string, string>();
        foreach (var service in Services)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"horizont-bench-published-{Environment.ProcessId}", kind, service);
            folders[service] = folder;
            if (File.Exists(Path.Combine(folder, $"{service}.dll")))
                continue;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments = ["publish", Path.Combine(repository, "services", service, $"{service}.csproj"), "-c", "Release", "-o", folder, "--nologo"];
            foreach (var argument in readyToRun ? [.. arguments, "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"] : arguments)
                start.ArgumentList.Add(argument);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
            var text = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                var lines = (await text + await error).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(3);
                throw new InvalidOperationException($"dotnet publish of {service} ({kind}) failed: {string.Join(" | ", lines)}");
            }

            output.WriteLine(FormattableString.Invariant($"  published {service} ({kind}) in {clock.Elapsed.TotalSeconds:F0} s"));
        }

        return folders;
    }

    /// <summary>The repository the benchmark was built from: the folder holding Horizont.sln above the program.</summary>
    private static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Horizont.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("Horizont.sln not found above the benchmark; run it from the repository (dotnet run --project benchmarks/Horizont.Benchmarks).");
    }
}

/// <summary>A published service started as a process of its own, with the benchmark's settings as environment variables.</summary>
internal sealed class ServiceProcess
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri address, TimeSpan startedIn)
    {
        _process = process;
        Address = address;
        StartedIn = startedIn;
    }

    public Uri Address { get; }

    /// <summary>From starting the process to the first 200 of <c>/health/ready</c> (polled every 10 ms).</summary>
    public TimeSpan StartedIn { get; }

    public static async Task<ServiceProcess> StartAsync(string dll, IDictionary<string, string?> settings, IReadOnlyDictionary<string, string> runtime)
    {
        var address = new Uri(FormattableString.Invariant($"http://127.0.0.1:{FreePort()}"));
        var start = Start(dll, settings, runtime, ["--urls", address.ToString()]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path.GetFileName(dll)} did not start.");
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(lines, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited at start with code {process.ExitCode}: {string.Join(" | ", lines)}");
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(dll)} was not ready after 120 s: {string.Join(" | ", lines)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return new ServiceProcess(process, address, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The service's own <c>keys create</c> on the same settings (so on the same security store): an API key for the benchmark's clients.</summary>
    public static async Task<string> CreateKeyAsync(string dll, IDictionary<string, string?> settings, IReadOnlyDictionary<string, string> runtime, string agency, string role)
    {
        var start = Start(dll, settings, runtime, ["keys", "create", "--name", $"bench-{role}", "--agency", agency, "--role", role]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path.GetFileName(dll)} keys create did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var key = (await output).Split('\n', StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("hzk_", StringComparison.Ordinal));
        return process.ExitCode == 0 && key is not null
            ? key
            : throw new InvalidOperationException($"{Path.GetFileName(dll)} keys create exited with {process.ExitCode}: {await error}");
    }

    /// <summary>VmRSS: the resident set now.</summary>
    public long ResidentBytes() => Status("VmRSS");

    /// <summary>VmHWM: the largest resident set since the process started.</summary>
    public long PeakResidentBytes() => Status("VmHWM");

    /// <summary>SIGTERM, as a container stop sends, and waits for the graceful end (SIGKILL after 30 s).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    private static ProcessStartInfo Start(string dll, IDictionary<string, string?> settings, IReadOnlyDictionary<string, string> runtime, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in runtime)
            start.Environment[key] = value;
        return start;
    }

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
            return;
        lines.Enqueue(line);
        while (lines.Count > 20)
            lines.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
