using System.Globalization;
using Horizont.Hosting.Data;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Horizont.Jugendamt.Data;

/// <summary>The Jugendamt's ledger of referrals, with its outbox and inbox.</summary>
public class LedgerDbContext : DbContext
{
    public LedgerDbContext(DbContextOptions<LedgerDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass that carries its own migrations (PostgreSQL).</summary>
    protected LedgerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Referral> Referrals => Set<Referral>();

    public DbSet<LedgerHistoryEntry> History => Set<LedgerHistoryEntry>();

    public DbSet<ReferralChange> Changes => Set<ReferralChange>();

    /// <summary>Export files waiting to be written after the commit (<see cref="PendingExport"/>).</summary>
    public DbSet<PendingExport> PendingExports => Set<PendingExport>();

    /// <summary>The provider each of these referrals was handed to, for those in the ledger (the receive pipeline's counterparts).</summary>
    public static Task<Dictionary<Guid, string>> ProvidersOfAsync(LedgerDbContext db, IReadOnlyCollection<Guid> referralIds, CancellationToken cancellationToken) =>
        db.Referrals.Where(r => referralIds.Contains(r.Id))
            .Select(r => new { r.Id, r.ProviderId })
            .ToDictionaryAsync(r => r.Id, r => r.ProviderId, cancellationToken);

    /// <summary>
    /// Raises <see cref="Referral.Version"/> of every changed referral, so a concurrent writer's save fails instead of
    /// overwriting, and keeps <see cref="Referral.StatusSince"/>: the change's <see cref="Referral.UpdatedAt"/> whenever
    /// the status is new. Every writer sets <c>UpdatedAt</c>; none has to remember the other two.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Lists stored as primitive collections are compared with plain calls (see <see cref="ListComparison"/>).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UsePlainListComparers();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddReminders();

        modelBuilder.Entity<Referral>(e =>
        {
            e.ToTable("Referrals");
            e.HasKey(r => r.Id);
            e.Property(r => r.FileReference).HasMaxLength(100);
            e.Property(r => r.ProviderId).HasMaxLength(64);
            e.Property(r => r.LegalBasis).HasMaxLength(16);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.DeclineReasonCode).HasMaxLength(32);
            e.Property(r => r.DeclineNote).HasMaxLength(500);
            e.Property(r => r.ContentHash).HasMaxLength(64);
            e.Property(r => r.SubmittedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.AnsweredAt).HasConversion(UtcText.Converter);
            e.Property(r => r.UpdatedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.StatusSince).HasConversion(UtcText.Converter);
            e.Property(r => r.FlagsReportedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.CourtReportedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.StatusBeforeChange).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Property(r => r.IntakeOutcome).HasMaxLength(32);
            e.Property(r => r.IntakeNextAppointment).HasConversion(UtcText.Converter);
            e.Property(r => r.IntakeRecordedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.PlacementCategory).HasMaxLength(32);
            e.Property(r => r.PlacementArrangedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.HoursReportedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.NonComplianceReasonCode).HasMaxLength(32);
            e.Property(r => r.NonComplianceRecommendation).HasMaxLength(500);
            e.Property(r => r.NonComplianceReportedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.ExtensionReasonCode).HasMaxLength(32);
            e.Property(r => r.ExtensionRequestedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.AmendedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.WithdrawalReasonCode).HasMaxLength(32);
            e.Property(r => r.WithdrawalRequestedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.WithdrawalOutcome).HasMaxLength(32);
            e.Property(r => r.WithdrawalAcknowledgedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.RefusalReasonCode).HasMaxLength(32);
            e.Property(r => r.RefusedMessageType).HasMaxLength(64);
            e.Property(r => r.RefusedAt).HasConversion(UtcText.Converter);
            e.Property(r => r.ErasedAt).HasConversion(UtcText.Converter);
            e.HasIndex(r => r.Status);
            e.HasIndex(r => r.FileReference);
            e.HasMany(r => r.History).WithOne().HasForeignKey(h => h.ReferralId);
        });

        modelBuilder.Entity<LedgerHistoryEntry>(e =>
        {
            e.ToTable("LedgerHistory");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedOnAdd();
            e.Property(h => h.Kind).HasMaxLength(64);
            e.Property(h => h.Actor).HasMaxLength(100);
            e.Property(h => h.Detail).HasMaxLength(1000);
            e.Property(h => h.Time).HasConversion(UtcText.Converter);
            e.HasIndex(h => h.ReferralId);
        });

        modelBuilder.Entity<ReferralChange>(e =>
        {
            e.ToTable("ReferralChanges");
            e.HasKey(c => c.Id);
            e.Property(c => c.Kind).HasMaxLength(64);
            e.Property(c => c.Actor).HasMaxLength(100);
            e.Property(c => c.RecordedAt).HasConversion(UtcText.Converter);
            e.HasIndex(c => c.ReferralId);
            e.HasOne<Referral>().WithMany().HasForeignKey(c => c.ReferralId);
        });

        modelBuilder.Entity<PendingExport>(e =>
        {
            e.ToTable("ExportOutbox");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.RecordedAt).HasConversion(UtcText.Converter);
            e.Property(x => x.WrittenAt).HasConversion(UtcText.Converter);
            e.HasIndex(x => x.FileName).IsUnique();
            e.HasIndex(x => x.WrittenAt);
        });
    }

    private void Stamp()
    {
        foreach (var entry in ChangeTracker.Entries<Referral>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.StatusSince = entry.Entity.UpdatedAt;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
                if (entry.Property(r => r.Status).IsModified)
                    entry.Entity.StatusSince = entry.Entity.UpdatedAt;
            }
        }
    }

    /// <summary>
    /// Times as fixed-width UTC text (<c>2027-01-15T09:30:00.0000000Z</c>): readable in the file, and
    /// ordered and compared correctly by SQLite, which cannot do either with <see cref="DateTimeOffset"/>.
    /// </summary>
    private static class UtcText
    {
        private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

        public static readonly ValueConverter<DateTimeOffset, string> Converter = new(
            v => v.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture),
            v => DateTimeOffset.ParseExact(v, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    }
}

