using Horizont.Hosting.Reminders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests;

/// <summary>A case as small as the reminder machinery needs: no names, no dates of birth.</summary>
public sealed class TestCase
{
    public Guid Id { get; set; }

    public required string FileReference { get; set; }

    public DateTimeOffset Since { get; set; }

    public bool Done { get; set; }
}

/// <summary>A service's own model with the reminder tables mapped in, as a real service does.</summary>
public sealed class ReminderTestContext(DbContextOptions<ReminderTestContext> options) : DbContext(options)
{
    public DbSet<TestCase> Cases => Set<TestCase>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TestCase>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
        });
        modelBuilder.AddReminders();
    }
}

/// <summary>One SQLite database in memory, alive as long as its connection is open.</summary>
public sealed class ReminderTestStore : IDisposable
{
    public ReminderTestStore()
    {
        Connection = new SqliteConnection("DataSource=:memory:");
        Connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    public SqliteConnection Connection { get; }

    public ReminderTestContext NewContext() =>
        new(new DbContextOptionsBuilder<ReminderTestContext>().UseSqlite(Connection).Options);

    public void Dispose() => Connection.Dispose();
}

/// <summary>The provider's "referral not answered" rule: due <c>After</c> the case arrived, unless it was answered.</summary>
public sealed class UnansweredReferralSubjects(ReminderTiming timing) : IReminderSubjects<TestCase>
{
    public List<Reminder> RaisedCalls { get; } = [];

    public Guid KeyOf(TestCase subject) => subject.Id;

    public string FileReferenceOf(TestCase subject) => subject.FileReference;

    public IEnumerable<ReminderSeries> Plan(TestCase subject)
    {
        if (!subject.Done && timing.After(ReminderCatalogue.UnansweredReferral, subject.Since) is { } due)
            yield return new ReminderSeries(ReminderCatalogue.UnansweredReferral, due);
    }

    public IQueryable<Guid> ActiveKeys(DbContext db) => db.Set<TestCase>().Where(c => !c.Done).Select(c => c.Id);

    public async Task<TestCase?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        await db.Set<TestCase>().FindAsync([key], cancellationToken);

    public void Raised(DbContext db, TestCase subject, Reminder reminder, DateTimeOffset now) => RaisedCalls.Add(reminder);
}

/// <summary>The Jugendamt's repeating follow-up: every <c>After</c> while the court has not decided.</summary>
public sealed class FollowUpSubjects(ReminderTiming timing) : IReminderSubjects<TestCase>
{
    public Guid KeyOf(TestCase subject) => subject.Id;

    public string FileReferenceOf(TestCase subject) => subject.FileReference;

    public IEnumerable<ReminderSeries> Plan(TestCase subject)
    {
        if (!subject.Done && timing.After(ReminderCatalogue.NonComplianceFollowUp, subject.Since) is { } due)
            yield return new ReminderSeries(ReminderCatalogue.NonComplianceFollowUp, due, Repeats: true);
    }

    public IQueryable<Guid> ActiveKeys(DbContext db) => db.Set<TestCase>().Where(c => !c.Done).Select(c => c.Id);

    public async Task<TestCase?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        await db.Set<TestCase>().FindAsync([key], cancellationToken);

    public void Raised(DbContext db, TestCase subject, Reminder reminder, DateTimeOffset now)
    {
    }
}
