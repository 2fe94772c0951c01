using Horizont.Messages;
using Horizont.Hosting.Data;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Data;

/// <summary>The provider's case store: cases, their history and hours entries, and the outbox and inbox of Horizont.Hosting.</summary>
public class CaseDbContext : DbContext
{
    public CaseDbContext(DbContextOptions<CaseDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass that carries its own migrations (PostgreSQL).</summary>
    protected CaseDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseHistoryEntry> CaseHistory => Set<CaseHistoryEntry>();

    public DbSet<HourEntry> HourEntries => Set<HourEntry>();

    public DbSet<PlacementSite> PlacementSites => Set<PlacementSite>();

    /// <summary>The Jugendamt that referred each of these referrals, for those that are cases here (the receive pipeline's counterparts).</summary>
    public static Task<Dictionary<Guid, string>> JugendamtsOfAsync(CaseDbContext db, IReadOnlyCollection<Guid> referralIds, CancellationToken cancellationToken) =>
        db.Cases.Where(c => referralIds.Contains(c.ReferralId))
            .Select(c => new { c.ReferralId, c.JugendamtId })
            .ToDictionaryAsync(c => c.ReferralId, c => c.JugendamtId, cancellationToken);

    /// <summary>Lists stored as primitive collections are compared with plain calls (see <see cref="ListComparison"/>).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UsePlainListComparers();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddReminders();

        modelBuilder.Entity<Case>(e =>
        {
            e.ToTable("Cases");
            e.HasKey(c => c.ReferralId);
            e.Property(c => c.ReferralId).ValueGeneratedNever();
            e.Property(c => c.JugendamtId).HasMaxLength(64);
            e.Property(c => c.ProviderId).HasMaxLength(64);
            e.Property(c => c.FileReference).HasMaxLength(200);
            e.ComplexProperty(c => c.YoungPerson, p =>
            {
                p.Property(y => y.GivenName).HasMaxLength(200);
                p.Property(y => y.FamilyName).HasMaxLength(200);
                p.Property(y => y.Phone).HasMaxLength(100);
                p.Property(y => y.Email).HasMaxLength(ReferralLimits.MaxEmailLength);
                p.Property(y => y.Address).HasMaxLength(500);
                p.Property(y => y.GuardianName).HasMaxLength(200);
                p.Property(y => y.GuardianPhone).HasMaxLength(100);
            });
            e.Property(c => c.LegalBasis).HasMaxLength(16);
            e.Property(c => c.Note).HasMaxLength(500);
            e.ComplexProperty(c => c.Caseworker, p =>
            {
                p.Property(w => w.Name).HasMaxLength(200);
                p.Property(w => w.Phone).HasMaxLength(100);
                p.Property(w => w.Email).HasMaxLength(ReferralLimits.MaxEmailLength);
            });
            e.Property(c => c.State).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(c => c.State);
            e.Property(c => c.SubmittedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.ReceivedAt).HasConversion(UtcTicks.Converter);
            e.HasIndex(c => c.ReceivedAt);
            e.Property(c => c.AcceptedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.DeclinedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.DeclineReasonCode).HasMaxLength(32);
            e.Property(c => c.DeclineNote).HasMaxLength(500);
            e.Property(c => c.IntakeAppointment).HasConversion(UtcTicks.Converter);
            e.Property(c => c.PlacementCategory).HasMaxLength(32);
            e.Property(c => c.PlacementName).HasMaxLength(200);
            e.HasIndex(c => c.PlacementSiteId);
            e.HasOne<PlacementSite>().WithMany().HasForeignKey(c => c.PlacementSiteId).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.PlacedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.NonComplianceReasonCode).HasMaxLength(32);
            e.Property(c => c.NonComplianceRecommendation).HasMaxLength(500);
            e.Property(c => c.NonComplianceReportedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.ExtensionReasonCode).HasMaxLength(32);
            e.Property(c => c.ExtensionRequestedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.CompletedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.AmendedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.WithdrawalReasonCode).HasMaxLength(32);
            e.Property(c => c.WithdrawnAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.StateSince).HasConversion(UtcTicks.Converter);
            e.Property(c => c.HoursLoggedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.StatusReportedAt).HasConversion(UtcTicks.Converter);
            e.Property(c => c.ErasedAt).HasConversion(UtcTicks.Converter);
            e.Ignore(c => c.Flags);
            e.Ignore(c => c.HoursOpen);
            e.Ignore(c => c.CanComplete);
            e.Ignore(c => c.IsWorking);
            e.Ignore(c => c.HalfTimePassedOn);
            e.Ignore(c => c.DeadlineEnd);
            e.Ignore(c => c.NonComplianceGrounds);
            e.Ignore(c => c.HasEnded);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasMany(c => c.History).WithOne().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.HourEntries).WithOne().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlacementSite>(e =>
        {
            e.ToTable("PlacementSites");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.Name).HasMaxLength(ReferralLimits.MaxNameLength);
            e.HasIndex(s => s.Name);
            e.Property(s => s.Street).HasMaxLength(ReferralLimits.MaxAddressLength);
            e.Property(s => s.PostalCode).HasMaxLength(Data.PlacementSites.MaxPostalCodeLength);
            e.Property(s => s.City).HasMaxLength(ReferralLimits.MaxNameLength);
            e.Property(s => s.Schedule).HasMaxLength(Data.PlacementSites.MaxScheduleLength);
            e.Property(s => s.ExcludedOffences).HasMaxLength(ReferralLimits.MaxNoteLength);
            e.Property(s => s.ContactName).HasMaxLength(ReferralLimits.MaxNameLength);
            e.Property(s => s.ContactPhone).HasMaxLength(ReferralLimits.MaxPhoneLength);
            e.Property(s => s.ContactEmail).HasMaxLength(ReferralLimits.MaxEmailLength);
            e.Property(s => s.AccidentInsuranceNote).HasMaxLength(ReferralLimits.MaxNoteLength);
            e.Property(s => s.UpdatedAt).HasConversion(UtcTicks.Converter);
            e.Property(s => s.UpdatedBy).HasMaxLength(100);
            e.Property(s => s.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<HourEntry>(e =>
        {
            e.ToTable("HourEntries");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedOnAdd();
            e.HasIndex(h => new { h.CaseId, h.Date });
            e.Property(h => h.Note).HasMaxLength(500);
            e.Property(h => h.RecordedAt).HasConversion(UtcTicks.Converter);
            e.Property(h => h.RecordedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<CaseHistoryEntry>(e =>
        {
            e.ToTable("CaseHistory");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).ValueGeneratedOnAdd();
            e.Property(h => h.Time).HasConversion(UtcTicks.Converter);
            e.Property(h => h.Kind).HasMaxLength(64);
            e.Property(h => h.Actor).HasMaxLength(100);
            e.Property(h => h.Detail).HasMaxLength(500);
        });
    }
}
