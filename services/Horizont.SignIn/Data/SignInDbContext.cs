using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Horizont.SignIn.Data;

/// <summary>
/// The embedded provider's own store: ASP.NET Core Identity's accounts and roles, and OpenIddict's
/// applications, authorizations, scopes and tokens. SQLite migrations here, PostgreSQL's in
/// <see cref="Postgres.PostgresSignInDbContext"/> (ADR 0004).
/// </summary>
public class SignInDbContext : IdentityDbContext<LocalAccount>
{
    public SignInDbContext(DbContextOptions<SignInDbContext> options)
        : base(options)
    {
    }

    protected SignInDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<LocalAccount>(account =>
        {
            account.Property(a => a.AgencyId).HasMaxLength(100);
            account.Property(a => a.DisplayName).HasMaxLength(100);
        });
    }
}
