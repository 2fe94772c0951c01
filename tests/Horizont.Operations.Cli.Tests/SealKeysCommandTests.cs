using Horizont.Hosting.Messaging.Sealing;
using Horizont.Operations.Cli.Commands;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;

namespace Horizont.Operations.Cli.Tests;

/// <summary><c>horizont-ops seal-keys</c>: keys for every pair or one, owner-only, a rotation, the list, and the German refusals.</summary>
public sealed class SealKeysCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "horizont-seal-keys-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void All_pairs_get_an_owner_only_key_and_a_second_create_rotates_one_pair()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var (exitCode, output) = Run(time, "create", "--dir", _folder, "--all");

        Assert.Equal(ExitCodes.Done, exitCode);
        Assert.Contains("für brueckenbau-ev+ja-nordhausen", output, StringComparison.Ordinal);
        Assert.Contains("für horizont-ev+ja-nordhausen", output, StringComparison.Ordinal);
        var files = Directory.GetFiles(_folder);
        Assert.Equal(2, files.Length);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        var keys = new PartnerKeyRing(_folder);
        var first = keys.Current("ja-nordhausen", "horizont-ev")!;

        time.Advance(TimeSpan.FromDays(90)); // key ids begin with the time they were made at: the newer one is current
        Assert.Equal(ExitCodes.Done, Run(time, "create", "--dir", _folder, "--pair", "ja-nordhausen+horizont-ev").ExitCode);

        var rotated = new PartnerKeyRing(_folder);
        Assert.NotEqual(first.Id, rotated.Current("horizont-ev", "ja-nordhausen")!.Id);
        Assert.NotNull(rotated.Find("horizont-ev", "ja-nordhausen", first.Id));
        var (_, list) = Run(time, "list", "--dir", _folder);
        Assert.Contains($"{first.Id}", list, StringComparison.Ordinal);
        Assert.Contains("nein (öffnet nur)", list, StringComparison.Ordinal);
        Assert.Equal(2, list.Split("ja (aktuell)").Length - 1);
    }

    [Theory]
    [InlineData("--dir <Ordner> fehlt", "create", "--all")]
    [InlineData("Entweder --pair <a>+<b> oder --all angeben.", "create", "--dir", "DIR")]
    [InlineData("zwei verschiedene Stellen-IDs", "create", "--dir", "DIR", "--pair", "ja-nordhausen")]
    [InlineData("zwei verschiedene Stellen-IDs", "create", "--dir", "DIR", "--pair", "Ja+horizont-ev")]
    [InlineData("Unbekannter Befehl „rotate“", "rotate")]
    [InlineData("Unbekannte Option oder Angabe „--all“", "list", "--dir", "DIR", "--all")]
    public async Task A_wrong_call_is_refused_in_german_with_exit_2(string expected, params string[] args)
    {
        var (exitCode, output) = await RunAsync(["seal-keys", .. args.Select(a => a == "DIR" ? _folder : a)]);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFiles(_folder).Any());
    }

    private static (int ExitCode, string Output) Run(TimeProvider time, params string[] args)
    {
        using var console = new TestConsole().Width(200);
        return (SealingKeysCommand.Run(args, console, time), console.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var console = new TestConsole().Width(200);
        using var http = new HttpClient();
        var exitCode = await OpsCommandLine.RunAsync(args, http, console, new Dictionary<string, string?>());
        return (exitCode, console.Output);
    }
}
