using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Horizont.Hosting.Security;

/// <summary>
/// What the process keeps about access, apart from any agency's data: the API keys (salted hashes only), the
/// append-only audit trail, and ASP.NET Core DataProtection's key ring (so cookies and antiforgery tokens survive a
/// restart and are shared by the instances of a service on PostgreSQL).
/// </summary>
public class SecurityDbContext : DbContext, IDataProtectionKeyContext
{
    public SecurityDbContext(DbContextOptions<SecurityDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass that carries its own migrations (PostgreSQL).</summary>
    protected SecurityDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("ApiKeys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
            e.HasIndex(k => k.Name).IsUnique();
            e.Property(k => k.AgencyId).HasMaxLength(64);
            e.Property(k => k.Role).HasMaxLength(40);
            e.Property(k => k.Salt).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(32);
            e.Property(k => k.CreatedBy).HasMaxLength(StaffActor.MaxLength);
            e.Property(k => k.RevokedBy).HasMaxLength(StaffActor.MaxLength);
            e.Property(k => k.CreatedAt).HasConversion(Data.UtcTicks.Converter);
            e.Property(k => k.RevokedAt).HasConversion(Data.UtcTicks.Converter);
            e.Property(k => k.LastUsedAt).HasConversion(Data.UtcTicks.Converter);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasKey(a => a.Id);
            e.Property(a => a.At).HasConversion(Data.UtcTicks.Converter);
            e.Property(a => a.Actor).HasMaxLength(StaffActor.MaxLength);
            e.Property(a => a.ActorKind).HasMaxLength(10);
            e.Property(a => a.AgencyId).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(60);
            e.Property(a => a.Subject).HasMaxLength(100);
            e.Property(a => a.Remote).HasMaxLength(64);
            e.HasIndex(a => new { a.ReferralId, a.At });
            e.HasIndex(a => new { a.Actor, a.At });
            e.HasIndex(a => a.At);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add … --context SecurityDbContext</c>: the model on SQLite, without a host.</summary>
internal sealed class SecurityDbContextDesignTimeFactory : IDesignTimeDbContextFactory<SecurityDbContext>
{
    public SecurityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SecurityDbContext>().UseSqlite("Data Source=security-design.db").Options);
}

/// <summary>The same model on PostgreSQL; a subclass so that its migrations stay apart from SQLite's (ADR 0004).</summary>
public sealed class PostgresSecurityDbContext(DbContextOptions<PostgresSecurityDbContext> options) : SecurityDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresSecurityDbContext</c>; it does not connect.</summary>
internal sealed class PostgresSecurityDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSecurityDbContext>
{
    public PostgresSecurityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSecurityDbContext>().UseNpgsql("Host=localhost;Database=horizont_security_design").Options);
}
