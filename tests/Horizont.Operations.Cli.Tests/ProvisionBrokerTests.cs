using System.Text.Json.Nodes;
using Spectre.Console.Testing;

namespace Horizont.Operations.Cli.Tests;

/// <summary>
/// <c>horizont-ops provision-broker</c> without a broker: the definitions file from the built-in partner directory, the
/// password files it creates (owner only) and keeps, and the German refusals of a wrong call. Applying the plan to a
/// real broker is in the integration tests (BrokerUsersOnRabbitMqTests).
/// </summary>
public sealed class ProvisionBrokerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "horizont-provision-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_definitions_file_has_a_user_per_agency_and_operations_and_a_second_run_keeps_the_passwords()
    {
        var passwords = Path.Combine(_folder, "passwords");
        var definitions = Path.Combine(_folder, "definitions.json");

        var (exitCode, output) = await RunAsync("provision-broker", "--passwords", passwords, "--definitions", definitions, "--vhost", "horizont");

        Assert.Equal(ExitCodes.Done, exitCode);
        Assert.Contains("4 Benutzer, 12 Queues, 8 Wege auf vhost „horizont“", output, StringComparison.Ordinal);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(definitions))!;
        Assert.Equal(["brueckenbau-ev", "horizont-ev", "ja-nordhausen", "horizont-betrieb"], json["users"]!.AsArray().Select(u => u!["name"]!.GetValue<string>()));
        Assert.All(json["permissions"]!.AsArray(), p => Assert.Equal("horizont", p!["vhost"]!.GetValue<string>()));
        var files = Directory.GetFiles(passwords).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, files.Count);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var before = await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f)));
        var (again, secondOutput) = await RunAsync("provision-broker", "--passwords", passwords, "--definitions", definitions);
        Assert.Equal(ExitCodes.Done, again);
        Assert.DoesNotContain("Neues Passwort", secondOutput, StringComparison.Ordinal);
        Assert.Equal(before, await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f))));
    }

    [Theory]
    [InlineData("--passwords <Ordner> fehlt")]
    [InlineData("Unbekannte Option oder Angabe „--force“", "--passwords", "x", "--force")]
    [InlineData("Die Option --vhost braucht einen Wert", "--passwords", "x", "--vhost")]
    [InlineData("Kein Administrator: HORIZONT_BROKER_ADMIN_USER und HORIZONT_BROKER_ADMIN_PASSWORD setzen.", "--passwords", "PASSWORDS")]
    [InlineData("gibt es nicht", "--passwords", "PASSWORDS", "--partners", "/nicht/da.json")]
    public async Task A_wrong_call_is_refused_in_german_with_exit_2(string expected, params string[] args)
    {
        var (exitCode, output) = await RunAsync(["provision-broker", .. args.Select(a => a == "PASSWORDS" ? Path.Combine(_folder, "pw") : a)]);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var console = new TestConsole().Width(200);
        using var http = new HttpClient();
        var exitCode = await OpsCommandLine.RunAsync(args, http, console, new Dictionary<string, string?>());
        return (exitCode, console.Output);
    }
}
