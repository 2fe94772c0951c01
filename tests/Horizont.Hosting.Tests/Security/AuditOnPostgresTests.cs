using Horizont.Hosting.Security;
using Horizont.Provider.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// The security store on PostgreSQL: its migrations run, the audit table refuses UPDATE, DELETE and TRUNCATE, and the
/// store prepares the statements it sends again.
/// </summary>
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
        _host = await StartOnPostgresAsync("hosting_audit");
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

    [PostgresFact]
    public async Task A_postgres_store_prepares_a_statement_it_sends_again_on_the_same_connection()
    {
        _host = await StartOnPostgresAsync("hosting_prepared");

        var prepared = await _host.WithStoreAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 3; i++)
                await db.AuditEntries.CountAsync();
            return await db.Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM \"AuditEntries\"%'")
                .SingleAsync();
        });

        // Npgsql's own default prepares nothing; the store's connection string asks for it (ADR 0022).
        Assert.Equal(1, prepared);
    }

    /// <summary>A host whose security store is a new PostgreSQL database (dropped after the test).</summary>
    private async Task<SecurityHost> StartOnPostgresAsync(string database)
    {
        _database = await Postgres.CreateDatabaseAsync(database);
        return await SecurityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Security"] = _database,
        });
    }
}
