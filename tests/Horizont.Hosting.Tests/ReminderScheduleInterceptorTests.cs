using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests;

/// <summary>
/// The save-time replanning detects changes once and switches SaveChanges' own scan off for the rest of the save:
/// what it changes must still be saved, and the unit of work must get automatic detection back however the save ends.
/// </summary>
public sealed class ReminderScheduleInterceptorTests : IDisposable
{
    private static readonly DateTimeOffset Friday = HorizontTime.At(new DateOnly(2026, 11, 27), new TimeOnly(10, 0));
    private static readonly DateTimeOffset Monday = HorizontTime.At(new DateOnly(2026, 11, 30), new TimeOnly(10, 0));

    private readonly ReminderTestStore _store = new();
    private readonly ReminderTiming _timing = new(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);
    private readonly ReminderScheduleInterceptor<TestCase> _interceptor;

    public ReminderScheduleInterceptorTests() =>
        _interceptor = new ReminderScheduleInterceptor<TestCase>(
            new ReminderPlanner<TestCase>(new UnansweredReferralSubjects(_timing), _timing), new FakeTimeProvider(Friday));

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_case_changed_by_plain_assignment_is_saved_with_its_schedule_moved_and_detection_is_back_on()
    {
        var id = await SeedAsync();
        await using var db = NewContext();
        var subject = await db.Cases.SingleAsync(c => c.Id == id);

        subject.Since = Monday;
        await db.SaveChangesAsync();

        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        await using var check = NewContext();
        Assert.Equal(Monday, (await check.Cases.AsNoTracking().SingleAsync()).Since);
        var row = Assert.Single(await check.Set<ReminderSchedule>().AsNoTracking().ToListAsync());
        Assert.Equal(_timing.After(ReminderCatalogue.UnansweredReferral, Monday), row.DueAt);
    }

    [Fact]
    public async Task A_save_scans_the_tracked_entities_for_changes_once()
    {
        var id = await SeedAsync();
        await using var db = NewContext();
        (await db.Cases.SingleAsync(c => c.Id == id)).Since = Monday;
        var scans = 0;
        db.ChangeTracker.DetectingAllChanges += (_, _) => scans++;

        await db.SaveChangesAsync();

        Assert.Equal(1, scans);
    }

    [Fact]
    public async Task After_a_save_that_fails_detection_is_back_on()
    {
        var id = await SeedAsync();
        await using (var first = NewContext())
        {
            first.Add(Occasion(id));
            await first.SaveChangesAsync();
        }

        await using var db = NewContext();
        (await db.Cases.SingleAsync(c => c.Id == id)).Since = Monday;
        db.Add(Occasion(id));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
    }

    [Fact]
    public async Task After_a_save_that_finds_the_case_gone_detection_is_back_on()
    {
        var id = await SeedAsync();
        await using var db = NewContext();
        var subject = await db.Cases.SingleAsync(c => c.Id == id);
        await using (var other = _store.NewContext())
            await other.Cases.Where(c => c.Id == id).ExecuteDeleteAsync();

        subject.Since = Monday;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
    }

    [Fact]
    public async Task After_a_cancelled_save_detection_is_back_on()
    {
        var id = await SeedAsync();
        await using var db = NewContext();
        (await db.Cases.SingleAsync(c => c.Id == id)).Since = Monday;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.SaveChangesAsync(new CancellationToken(canceled: true)));
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
    }

    [Fact]
    public async Task A_unit_of_work_that_switched_detection_off_keeps_it_off_and_its_change_is_saved()
    {
        var id = await SeedAsync();
        await using var db = NewContext();
        var subject = await db.Cases.SingleAsync(c => c.Id == id);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        subject.Done = true;
        await db.SaveChangesAsync();

        Assert.False(db.ChangeTracker.AutoDetectChangesEnabled);
        await using var check = NewContext();
        Assert.True((await check.Cases.AsNoTracking().SingleAsync()).Done);
        Assert.Empty(await check.Set<ReminderSchedule>().AsNoTracking().ToListAsync());
    }

    private ReminderTestContext NewContext() =>
        new(new DbContextOptionsBuilder<ReminderTestContext>().UseSqlite(_store.Connection).AddInterceptors(_interceptor).Options);

    private async Task<Guid> SeedAsync()
    {
        await using var db = NewContext();
        var subject = new TestCase { Id = Guid.NewGuid(), FileReference = "JA-2026-0815", Since = Friday };
        db.Cases.Add(subject);
        await db.SaveChangesAsync();
        Assert.Single(await db.Set<ReminderSchedule>().AsNoTracking().ToListAsync());
        return subject.Id;
    }

    private Reminder Occasion(Guid id) => new()
    {
        Id = Guid.NewGuid(),
        ReferralId = id,
        FileReference = "JA-2026-0815",
        Rule = ReminderCatalogue.UnansweredReferral,
        Team = "intake",
        DueAt = _timing.After(ReminderCatalogue.UnansweredReferral, Friday)!.Value,
        RaisedAt = Friday,
        State = ReminderState.Open,
        Mail = ReminderMailState.NotConfigured,
    };
}
