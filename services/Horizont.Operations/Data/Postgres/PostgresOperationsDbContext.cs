using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Operations.Data.Postgres;

/// <summary>The same model on PostgreSQL; a subclass so that its migrations stay apart from SQLite's (ADR 0004).</summary>
public sealed class PostgresOperationsDbContext(DbContextOptions<PostgresOperationsDbContext> options) : OperationsDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresOperationsDbContext</c>; it does not connect.</summary>
internal sealed class PostgresOperationsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOperationsDbContext>
{
    public PostgresOperationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOperationsDbContext>().UseNpgsql("Host=localhost;Database=horizont_operations_design").Options);
}
