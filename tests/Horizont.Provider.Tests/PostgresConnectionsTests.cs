using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Horizont.Provider.Tests;

/// <summary>
/// Every connection the provider opens to a PostgreSQL server on another machine gets the transport defaults
/// (docs/configuration.md "TLS"): the case store, the security store beside it and Quartz's job store alike.
/// </summary>
public sealed class PostgresConnectionsTests
{
    [Fact]
    public async Task Every_store_of_the_provider_verifies_a_remote_servers_certificate_by_default()
    {
        using var directory = new TempDirectory();
        var builder = HorizontHost.CreateBuilder(["--environment", "Production"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = directory.Path,
            ["Transport"] = "InMemory",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Provider"] = "Host=db.landkreis.example;Database=horizont_provider;Username=horizont",
        });
        builder.AddProvider();
        builder.AddHorizontSecurity();
        // Built, not started: nothing here connects to the (made-up) server.
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();

        // Quartz keeps its data sources as named options; whatever it names them, each must carry the defaults.
        var dataSources = app.Services.GetRequiredService<IOptionsMonitor<DataSourceOptions>>();
        var quartz = app.Services.GetServices<IConfigureOptions<DataSourceOptions>>()
            .OfType<ConfigureNamedOptions<DataSourceOptions>>().Select(c => c.Name).Distinct()
            .Select(name => dataSources.Get(name).ConnectionString).Where(c => !string.IsNullOrEmpty(c)).ToList();
        var connections = new Dictionary<string, string?>
        {
            ["case store"] = scope.ServiceProvider.GetRequiredService<CaseDbContext>().Database.GetConnectionString(),
            ["security store"] = scope.ServiceProvider.GetRequiredService<SecurityDbContext>().Database.GetConnectionString(),
            ["Quartz job store"] = Assert.Single(quartz),
        };

        foreach (var (store, connection) in connections)
        {
            Assert.True(connection is not null, $"{store}: no connection string");
            var used = new NpgsqlConnectionStringBuilder(connection);
            Assert.True(used.SslMode == SslMode.VerifyFull, $"{store}: SSL Mode {used.SslMode}, expected VerifyFull");
            Assert.Equal("db.landkreis.example", used.Host);
        }
    }
}
