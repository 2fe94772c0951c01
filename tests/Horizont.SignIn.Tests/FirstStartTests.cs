using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting.Security;
using Horizont.SignIn.Data;
using Horizont.SignIn.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Horizont.Tests.Shared;

namespace Horizont.SignIn.Tests;

public sealed class FirstStartTests : IDisposable
{
    private static readonly (string UserName, string Role, string Agency)[] Expected =
    [
        ("jugendamt", "JugendamtCasework", "ja-nordhausen"),
        ("eingang", "ProviderIntake", "horizont-ev"),
        ("fallarbeit", "ProviderCasework", "horizont-ev"),
        ("teamleitung", "ProviderTeamLead", "horizont-ev"),
        ("betrieb", "Operations", "horizont-ev"),
        ("admin", "Administrator", "horizont-ev"),
    ];

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Discovery_document_names_this_host_as_issuer_and_its_connect_endpoints()
    {
        await using var host = await SignInHost.StartAsync(_data.Path);
        using var client = host.Browser();

        var discovery = await client.GetFromJsonAsync<JsonElement>(new Uri("/.well-known/openid-configuration", UriKind.Relative));

        Assert.Equal(host.BaseAddress.AbsoluteUri, discovery.GetProperty("issuer").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "/connect/authorize").AbsoluteUri, discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "/connect/token").AbsoluteUri, discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "/connect/endsession").AbsoluteUri, discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(new Uri(host.BaseAddress, "/connect/userinfo").AbsoluteUri, discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Contains("S256", discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("roles", discovery.GetProperty("scopes_supported").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task First_start_creates_one_account_per_role_and_an_owner_only_password_file()
    {
        await using var host = await SignInHost.StartAsync(_data.Path);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.PasswordFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(host.PasswordFile)!));
        }

        Assert.Equal(HorizontRoles.All.Order(), Expected.Select(e => e.Role).Order()); // one account for every Horizont role
        var listed = host.InitialAccounts();
        Assert.Equal(Expected.Select(e => e.UserName).Order(), listed.Keys.Order());
        Assert.Equal(6, listed.Values.Select(fields => fields[3]).Distinct().Count()); // one password each, none shared

        await using var scope = host.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<LocalAccount>>();
        foreach (var (userName, role, agency) in Expected)
        {
            var account = await accounts.FindByNameAsync(userName);
            Assert.NotNull(account);
            Assert.Equal([role], await accounts.GetRolesAsync(account));
            Assert.Equal(agency, account.AgencyId);
            Assert.True(account.MustChangePassword);
            Assert.Equal([userName, role, agency], listed[userName][..3]);
            Assert.True(await accounts.CheckPasswordAsync(account, listed[userName][3]));
        }

        Assert.Equal(6, accounts.Users.Count());
    }

    [Fact]
    public async Task Readiness_includes_the_sign_in_store()
    {
        await using var host = await SignInHost.StartAsync(_data.Path);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Healthy, report.Entries[nameof(SignInDbContext)].Status);
    }

    [Fact]
    public async Task Second_start_creates_no_accounts_and_leaves_the_password_file_as_it_was()
    {
        string firstFile;
        string firstSigningKey;
        await using (var first = await SignInHost.StartAsync(_data.Path))
        {
            firstFile = await File.ReadAllTextAsync(first.PasswordFile);
            firstSigningKey = await SigningKeyAsync(first);
        }

        await using var second = await SignInHost.StartAsync(_data.Path);

        Assert.Equal(firstFile, await File.ReadAllTextAsync(second.PasswordFile));
        await using var scope = second.Services.CreateAsyncScope();
        Assert.Equal(6, scope.ServiceProvider.GetRequiredService<UserManager<LocalAccount>>().Users.Count());
        Assert.Equal(firstSigningKey, await SigningKeyAsync(second)); // tokens issued before a restart stay valid
    }

    [Fact]
    public async Task A_changed_public_address_moves_the_clients_redirect_address_at_the_next_start()
    {
        Uri before;
        await using (var first = await SignInHost.StartAsync(_data.Path))
            before = new Uri(first.BaseAddress, "/signin-oidc");

        await using var moved = await SignInHost.StartAsync(_data.Path); // another port, so another public address
        using var browser = moved.Browser();

        var now = await new CodeFlow(browser).StartAsync();
        var old = await new CodeFlow(browser, before).StartAsync();

        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        Assert.StartsWith("/account/login?", now.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode); // OpenIddict refuses an unregistered redirect_uri
    }

    [Fact]
    public async Task No_password_file_appears_once_accounts_exist_even_if_it_was_deleted()
    {
        await using (var first = await SignInHost.StartAsync(_data.Path))
            File.Delete(first.PasswordFile);

        await using var second = await SignInHost.StartAsync(_data.Path);

        Assert.False(File.Exists(second.PasswordFile));
    }

    private static async Task<string> SigningKeyAsync(SignInHost host)
    {
        using var client = host.Browser();
        var keys = await client.GetFromJsonAsync<JsonElement>(new Uri("/.well-known/jwks", UriKind.Relative));
        return keys.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    public void Dispose() => _data.Dispose();
}
