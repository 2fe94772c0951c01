using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.SignIn.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL (<c>Database__Provider=Postgres</c>). A subclass only so that EF Core
/// keeps its migrations apart from SQLite's: migrations are provider-specific (ADR 0004).
/// </summary>
public sealed class PostgresSignInDbContext(DbContextOptions<PostgresSignInDbContext> options) : SignInDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresSignInDbContext</c>; it does not connect.</summary>
internal sealed class PostgresSignInDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSignInDbContext>
{
    public PostgresSignInDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSignInDbContext>().UseNpgsql("Host=localhost;Database=horizont_signin_design").Options);
}
