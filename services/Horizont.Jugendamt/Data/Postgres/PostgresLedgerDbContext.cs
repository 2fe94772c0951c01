using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Jugendamt.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL (<c>Database__Provider=Postgres</c>). A subclass only so that EF Core
/// keeps its migrations apart from SQLite's: migrations are provider-specific (ADR 0004).
/// </summary>
public sealed class PostgresLedgerDbContext(DbContextOptions<PostgresLedgerDbContext> options) : LedgerDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresLedgerDbContext</c>; it does not connect.</summary>
internal sealed class PostgresLedgerDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLedgerDbContext>
{
    public PostgresLedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLedgerDbContext>().UseNpgsql("Host=localhost;Database=horizont_jugendamt_design").Options);
}
