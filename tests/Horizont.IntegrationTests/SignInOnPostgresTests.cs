using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.SignIn;
using Horizont.SignIn.Data;
using Horizont.SignIn.Data.Postgres;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Horizont.IntegrationTests;

/// <summary>The embedded sign-in provider on PostgreSQL by configuration alone (its own migrations, ADR 0004).</summary>
public sealed class SignInOnPostgresTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private string? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await Postgres.DropDatabaseAsync(_database);
    }

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task Sign_in_store_migrates_on_postgres_and_creates_the_accounts_and_the_client_once()
    {
        _database = await Postgres.CreateDatabaseAsync("horizont_signin");
        var settings = new Dictionary<string, string?>
        {
            ["Transport"] = "InMemory",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:SignIn"] = _database,
            ["Security:PublicUrl"] = "http://127.0.0.1:5999",
        };

        await using (var first = await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddLocalSignIn(onByDefault: true)))
        {
            var discovery = await first.Client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
            Assert.Equal("http://127.0.0.1:5999/", discovery.GetProperty("issuer").GetString());
        }

        // A restart on the same database finds the accounts and the client; it creates neither again.
        await using var restarted = await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddLocalSignIn(onByDefault: true));
        await using var scope = restarted.Services.CreateAsyncScope();
        Assert.IsType<PostgresSignInDbContext>(scope.ServiceProvider.GetRequiredService<SignInDbContext>());
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<LocalAccount>>();
        Assert.Equal(6, accounts.Users.Count());
        Assert.Equal(["ProviderIntake"], await accounts.GetRolesAsync((await accounts.FindByNameAsync("eingang"))!));
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        Assert.Equal(1, await applications.CountAsync());
    }
}
