using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Replans the reminders of every subject a unit of work adds, changes or deletes, just before it is saved, in
/// the same transaction: whatever moved a case on (hours logged, completed, withdrawn, amended) moves its
/// reminders on with it, and no endpoint or consumer can forget to.
/// </summary>
/// <remarks>
/// Changes are detected once per save, here: the planner makes its own changes through the change tracker, so
/// SaveChanges' own scan over every tracked entity (as long again as this one; a sweep's batch tracks a thousand)
/// is switched off for the rest of the save and switched back on when it ends: saved, failed, cancelled, or
/// refused for a row changed meanwhile. Should a way out be missed, the next save still detects first, here.
/// </remarks>
internal sealed class ReminderScheduleInterceptor<TSubject>(ReminderPlanner<TSubject> planner, TimeProvider time) : SaveChangesInterceptor
    where TSubject : class
{
    /// <summary>The units of work whose automatic detection this interceptor switched off for their current save.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _detectionPaused = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
            await ReplanChangedAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new NotSupportedException($"A unit of work with {typeof(TSubject).Name} must be saved with SaveChangesAsync, so that its reminders are replanned.");

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ResumeDetection(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ResumeDetection(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A row gone or changed meanwhile: EF Core reports this here, not as a failed save.</summary>
    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ResumeDetection(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ResumeDetection(eventData.Context);
        return Task.CompletedTask;
    }

    private async Task ReplanChangedAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Changes are detected once, here. Left on, Entries() would detect them again, and the planner looks at
        // DbSet.Local once per subject, which would detect them again over every tracked entity each time (a file's
        // batch of 500 referrals made that quadratic).
        db.ChangeTracker.DetectChanges();
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var replanned = false;
        try
        {
            var changed = db.ChangeTracker.Entries<TSubject>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => (e.Entity, e.State))
                .ToList();
            var now = time.GetUtcNow();
            var modified = new List<TSubject>();
            foreach (var (subject, state) in changed)
            {
                if (state == EntityState.Deleted)
                    await planner.ForgetAsync(db, planner.Subjects.KeyOf(subject), cancellationToken);
                else if (state == EntityState.Added)
                    planner.PlanNew(db, subject, now);
                else
                    modified.Add(subject);
            }

            // All modified subjects with two queries, not two each: the sweep commits a whole batch of cases at once.
            if (modified.Count > 0)
                await planner.ReplanAsync(db, modified, now, cancellationToken);
            replanned = true;
        }
        finally
        {
            // Everything the planner changed went through the tracker: SaveChanges need not scan again. Should the
            // replanning fail, the save does not start and the caller gets its unit of work back as it was.
            if (replanned && detect)
                _detectionPaused.AddOrUpdate(db, this);
            else
                db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void ResumeDetection(DbContext? db)
    {
        if (db is not null && _detectionPaused.Remove(db))
            db.ChangeTracker.AutoDetectChangesEnabled = true;
    }
}
