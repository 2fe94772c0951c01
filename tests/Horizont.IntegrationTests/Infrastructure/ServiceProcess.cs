using System.Diagnostics;
using System.Net;
using Horizont.Hosting.Security;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// A Horizont service as a real operating-system process (the service's own build output, copied
/// beside the tests), so a test can kill it the hard way, as a power cut or an OOM kill would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// For Horizont.Jugendamt and Horizont.Provider: sends an API key of the service's agency (JugendamtCasework, or
    /// ProviderTeamLead), created with the service's own <c>keys create</c> command at start; its name starts with
    /// <see cref="StaffKeys.CaseSystem"/> or <see cref="StaffKeys.TeamLead"/> (each start adds one, so instances that share
    /// a store and restarts do not clash).
    /// </summary>
    public HttpClient Client { get; }

    /// <summary>Starts <c>{assembly}.dll</c> with the given settings as environment variables and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string assembly, IDictionary<string, string?> settings)
    {
        var staff = assembly switch
        {
            "Horizont.Jugendamt" => (Name: StaffKeys.CaseSystem, Agency: StaffKeys.AgencyOf(settings, "Jugendamt", "ja-nordhausen"), Role: HorizontRoles.JugendamtCasework),
            "Horizont.Provider" => (Name: StaffKeys.TeamLead, Agency: StaffKeys.AgencyOf(settings, "Provider", "horizont-ev"), Role: HorizontRoles.ProviderTeamLead),
            _ => default,
        };
        var staffKey = staff.Name is null ? null : await CreateKeyAsync(assembly, settings, StaffKeys.Unique(staff.Name), staff.Agency, staff.Role);

        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet", $"{assembly}.dll --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{assembly} did not start.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        if (staffKey is not null)
            service.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, staffKey);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{assembly} exited at start with code {process.ExitCode}: {string.Join(Environment.NewLine, service._output)}");
            try
            {
                using var response = await service.Client.GetAsync("/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"{assembly} to be ready", TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>
    /// Runs the service's own <c>keys create</c> command with the same settings (so on the same security store) and
    /// returns the new API key: a service started with these settings then lets it in.
    /// </summary>
    public static async Task<string> CreateKeyAsync(string assembly, IDictionary<string, string?> settings, string name, string agency, string role)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"{assembly}.dll", "keys", "create", "--name", name, "--agency", agency, "--role", role })
            start.ArgumentList.Add(argument);
        foreach (var (setting, value) in settings)
            start.Environment[setting.Replace(":", "__", StringComparison.Ordinal)] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{assembly} keys create did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var created = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("hzk_", StringComparison.Ordinal));
        return process.ExitCode == 0 && created is not null
            ? created
            : throw new InvalidOperationException($"{assembly} keys create exited with {process.ExitCode}: {await error}");
    }

    /// <summary>The process's last lines (warnings and errors: it runs at level Warning), for a failure message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Keeps one line of the process's output, dropping the oldest beyond 40.</summary>
    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 40)
            _output.TryDequeue(out _);
    }

    /// <summary>
    /// Freezes the process (SIGSTOP), so what it has written stays as it is, and kills it (<see cref="KillAsync"/>) if
    /// <paramref name="condition"/> holds then; otherwise lets it run on (SIGCONT). Returns whether it was killed.
    /// </summary>
    public async Task<bool> KillIfFrozenAsync(Func<Task<bool>> condition)
    {
        await SignalAsync("-STOP");
        if (await condition())
        {
            await KillAsync();
            return true;
        }

        await SignalAsync("-CONT");
        return false;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, nothing finishes.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }

}

/// <summary>Runs <c>rabbitmqctl</c> on this machine, to stop and start the broker under a running test.</summary>
public static class RabbitMqCtl
{
    public static bool IsAvailable => File.Exists("/usr/sbin/rabbitmqctl") || File.Exists("/usr/bin/rabbitmqctl");

    public static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
    }
}

/// <summary>A broker test that also stops and starts the broker: needs rabbitmqctl on this machine.</summary>
public sealed class BrokerFaultFactAttribute : FactAttribute
{
    public BrokerFaultFactAttribute()
    {
        if (Broker.IsCi)
            return;
        if (Broker.UnavailableReason is { } reason)
            Skip = $"Broker test skipped: {reason}.";
        else if (!RabbitMqCtl.IsAvailable)
            Skip = "Broker fault test skipped: rabbitmqctl is not on this machine (the broker runs elsewhere).";
    }
}
