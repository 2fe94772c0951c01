using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Provider.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL (<c>Database__Provider=Postgres</c>). A subclass only so that EF Core
/// keeps its migrations apart from SQLite's: migrations are provider-specific (ADR 0004).
/// </summary>
public sealed class PostgresCaseDbContext(DbContextOptions<PostgresCaseDbContext> options) : CaseDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresCaseDbContext</c>; it does not connect.</summary>
internal sealed class PostgresCaseDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCaseDbContext>
{
    public PostgresCaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaseDbContext>().UseNpgsql("Host=localhost;Database=horizont_provider_design").Options);
}
