using Horizont.Hosting.Security;

namespace Horizont.Hosting.Tests.Security;

/// <summary>The <c>keys</c> and <c>audit</c> commands of every service binary, as an administrator on the server runs them.</summary>
public sealed class SecurityCommandsTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Keys_create_prints_the_key_alone_on_stdout_and_the_key_opens_the_api()
    {
        var (exit, output, error) = await RunAsync("keys", "create", "--name", "prometheus", "--agency", "horizont-ev", "--role", "Operations");

        Assert.Equal(0, exit);
        var key = output.TrimEnd('\n', '\r');
        Assert.Matches("^hzk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", key);
        Assert.DoesNotContain("prometheus", output, StringComparison.Ordinal);
        Assert.Contains("prometheus", error, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error, StringComparison.Ordinal);
        using var client = _host.ClientWithKey(key);
        Assert.Equal("operations", await client.GetStringAsync(TestRoutes.OperationsApi));
        var row = Assert.Single(await _host.AuditAsync());
        Assert.Equal("key.create", row.Action);
        Assert.Equal("system", row.ActorKind);
    }

    [Fact]
    public async Task Keys_list_shows_each_key_without_its_secret()
    {
        var key = await _host.KeyAsync("prometheus", HorizontRoles.Operations);
        await _host.KeyAsync("ja.fallsystem", HorizontRoles.JugendamtCasework, "ja-nordhausen");

        var (exit, output, _) = await RunAsync("keys", "list");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("prometheus", StringComparison.Ordinal) && l.Contains("Operations", StringComparison.Ordinal) && l.Contains("aktiv", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ja.fallsystem", StringComparison.Ordinal) && l.Contains("ja-nordhausen", StringComparison.Ordinal));
        Assert.DoesNotContain(key[^43..], output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_revoke_by_name_shuts_the_key_out_and_is_listed_and_audited()
    {
        var key = await _host.KeyAsync("prometheus", HorizontRoles.Operations);

        var (exit, output, _) = await RunAsync("keys", "revoke", "prometheus");

        Assert.Equal(0, exit);
        Assert.Contains("gesperrt", output, StringComparison.Ordinal);
        using var client = _host.ClientWithKey(key);
        using var response = await client.GetAsync(TestRoutes.OperationsApi);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("gesperrt", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
        Assert.Equal("key.revoke", Assert.Single(await _host.AuditAsync()).Action);
    }

    [Fact]
    public async Task Keys_revoke_of_an_unknown_key_is_exit_2()
    {
        var (exit, output, error) = await RunAsync("keys", "revoke", "gibt-es-nicht");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("gibt es nicht", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "keys", "create", "--name", "mit leerzeichen", "--agency", "horizont-ev", "--role", "Operations")]
    [InlineData("--agency", "keys", "create", "--name", "prometheus", "--agency", "Horizont e.V.", "--role", "Operations")]
    [InlineData("--role", "keys", "create", "--name", "prometheus", "--agency", "horizont-ev", "--role", "Chef")]
    [InlineData("--role", "keys", "create", "--name", "prometheus", "--agency", "horizont-ev")]
    [InlineData("--referral", "audit", "--referral", "keine-guid")]
    [InlineData("--from", "audit", "--from", "gestern")]
    [InlineData("--to", "audit", "--to", "morgen")]
    [InlineData("--limit", "audit", "--limit", "0")]
    [InlineData("--limit", "audit", "--limit", "viele")]
    public async Task Wrong_input_is_exit_2_with_a_german_message_naming_the_option(string option, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith(option + ":", error, StringComparison.Ordinal);
        Assert.Empty(await _host.AuditAsync());
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("keys", "frobnicate")]
    [InlineData("keys", "revoke")]
    public async Task An_unknown_or_incomplete_command_is_exit_2_with_the_usage(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Befehle:", error, StringComparison.Ordinal);
        Assert.Contains(HorizontRoles.ProviderTeamLead, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_filters_by_referral_user_and_time_and_is_itself_audited()
    {
        var referral = Guid.NewGuid();
        await _host.SeedAuditAsync(At(3, 1), "a.alt", null);
        await _host.SeedAuditAsync(At(3, 10), "b.neu", referral);
        await _host.SeedAuditAsync(At(3, 20), "b.neu", null);

        var byReferral = Lines((await RunAsync("audit", "--referral", referral.ToString())).Output);
        var byUser = Lines((await RunAsync("audit", "--user", "a.alt")).Output);
        var byTime = Lines((await RunAsync("audit", "--from", "2026-03-05", "--to", "2026-03-15")).Output);
        var limited = Lines((await RunAsync("audit", "--user", "b.neu", "--limit", "1")).Output);

        Assert.Contains(referral.ToString(), Assert.Single(byReferral), StringComparison.Ordinal);
        Assert.Contains("a.alt", Assert.Single(byUser), StringComparison.Ordinal);
        Assert.Contains("2026-03-10", Assert.Single(byTime), StringComparison.Ordinal);
        Assert.Contains("2026-03-20", Assert.Single(limited), StringComparison.Ordinal);
        var reads = (await _host.AuditAsync()).Where(a => a.Action == "audit.read").ToList();
        Assert.Equal(4, reads.Count);
        Assert.All(reads, r => Assert.Equal("system", r.ActorKind));
        Assert.Contains(reads, r => r.ReferralId == referral);
    }

    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 9, 0, 0, TimeSpan.Zero);

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await SecurityCommands.RunAsync(_host.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
