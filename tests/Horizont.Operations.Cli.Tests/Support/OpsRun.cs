using Spectre.Console.Testing;

namespace Horizont.Operations.Cli.Tests.Support;

/// <summary>What one run of <c>horizont-ops</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output);

/// <summary>Runs the command line as <c>Program.cs</c> does, with a test console and the given HTTP handler.</summary>
public static class OpsRun
{
    /// <summary>The key every run sends unless a test says otherwise (the fake API does not check it).</summary>
    public const string Key = "hzk_0123456789abcdef0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    public static Task<CliResult> RunAsync(FakeOperationsApi api, params string[] args) =>
        RunAsync(api, new Dictionary<string, string?> { ["HORIZONT_OPS_URL"] = FakeOperationsApi.BaseUrl, ["HORIZONT_OPS_KEY"] = Key }, args);

    public static async Task<CliResult> RunAsync(HttpMessageHandler handler, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var console = new TestConsole().Width(250);
        using var http = new HttpClient(handler, disposeHandler: false);
        var exitCode = await OpsCommandLine.RunAsync(args, http, console, environment);
        return new CliResult(exitCode, console.Output);
    }
}
