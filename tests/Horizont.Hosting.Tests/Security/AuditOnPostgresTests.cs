using Horizont.Hosting.Security;
using Horizont.Hosting.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Horizont.Hosting.Tests.Security;

/// <summary>The security store on PostgreSQL: its migrations run, and the audit table refuses UPDATE, DELETE and TRUNCATE.</summary>
public sealed class AuditOnPostgresTests : IAsyncLifetime
{
    private string? _database;
    private SecurityHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        if (_database is not null)
            await Postgres.DropDatabaseAsync(_database);
    }

    [PostgresFact]
    public async Task The_postgres_audit_table_refuses_update_delete_and_truncate()
    {
        _database = await Postgres.CreateDatabaseAsync("hosting_audit");
        _host = await SecurityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Security"] = _database,
        });
        using var client = await _host.ClientWithRoleAsync("m.mueller", HorizontRoles.ProviderCasework);
        using (var response = await client.GetAsync(TestRoutes.Referral(Guid.NewGuid())))
            response.EnsureSuccessStatusCode();
        Assert.Single(await _host.AuditAsync());

        foreach (var sql in new[] { """UPDATE "AuditEntries" SET "Actor" = 'jemand'""", """DELETE FROM "AuditEntries" """, """TRUNCATE "AuditEntries" """ })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => _host.WithStoreAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("m.mueller", Assert.Single(await _host.AuditAsync()).Actor);
        Assert.False(File.Exists(_host.SecurityDatabase), "the security store fell back to SQLite");
    }
}
