using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Replans the reminders of every subject a unit of work adds, changes or deletes, just before it is saved, in
/// the same transaction: whatever moved a case on (hours logged, completed, withdrawn, amended) moves its
/// reminders on with it, and no endpoint or consumer can forget to.
/// </summary>
internal sealed class ReminderScheduleInterceptor<TSubject>(ReminderPlanner<TSubject> planner, TimeProvider time) : SaveChangesInterceptor
    where TSubject : class
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
            await ReplanChangedAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new NotSupportedException($"A unit of work with {typeof(TSubject).Name} must be saved with SaveChangesAsync, so that its reminders are replanned.");

    private async Task ReplanChangedAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Changes are detected once, here. Left on, Entries() would detect them again, and the planner looks at
        // DbSet.Local once per subject, which would detect them again over every tracked entity each time (a file's
        // batch of 500 referrals made that quadratic). SaveChanges detects the planner's own changes after this interceptor.
        db.ChangeTracker.DetectChanges();
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
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
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
