using System.Net;
using System.Net.Http.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Horizont.IntegrationTests;

/// <summary>The same services on PostgreSQL by configuration alone: migrated at start, then the handover.</summary>
public sealed class PostgresStorageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<string> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await Postgres.DropDatabaseAsync(database);
    }

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task Both_services_migrate_their_own_postgres_databases_and_hand_a_referral_over_and_back()
    {
        var ledger = await Postgres.CreateDatabaseAsync("horizont_ledger");
        var cases = await Postgres.CreateDatabaseAsync("horizont_cases");
        _databases.AddRange([ledger, cases]);
        var settings = new Dictionary<string, string?>
        {
            ["Transport"] = "InMemory",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Jugendamt"] = ledger,
            ["ConnectionStrings:Provider"] = cases,
        };

        var id = Guid.NewGuid();
        await using (var host = await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddJugendamt(), b => b.AddProvider()))
        {
            using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", "JGH-PG-1")))
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Eventually.TrueAsync(async () => await host.GetJsonOrNullAsync($"/provider/api/cases/{id}") is not null, "the case in PostgreSQL");
            (await host.Client.PostAsync($"/provider/api/cases/{id}/accept", null)).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(async () => (await host.GetJsonOrNullAsync($"/jugendamt/api/referrals/{id}"))?.GetProperty("status").GetString() == "Accepted",
                "the acceptance in the ledger");
        }

        // A restart on the same databases finds its schema and data (migrations are not re-applied).
        await using var restarted = await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddJugendamt(), b => b.AddProvider());
        Assert.Equal("Accepted", (await restarted.GetJsonOrNullAsync($"/provider/api/cases/{id}"))!.Value.GetProperty("status").GetString());
        Assert.Equal(1, (await restarted.GetJsonOrNullAsync("/jugendamt/api/referrals"))!.Value.GetArrayLength());
    }

    [Fact]
    public void An_unknown_database_provider_stops_the_service_naming_the_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" }).Build();
        var error = Assert.Throws<OptionsValidationException>(() => { _ = Hosting.Data.HorizontStore.ReadProvider(configuration); });
        Assert.Contains("'Database:Provider' is 'Oracle'; allowed: Sqlite, Postgres.", error.Message, StringComparison.Ordinal);
    }
}
