using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Replans every active subject once when the service starts, in the background: settings may have changed
/// since the schedule rows were written (another <c>After</c>, a rule switched off), and subjects from before
/// the reminders existed have no rows yet. Raised occasions are never planned again, so this raises nothing twice.
/// </summary>
internal sealed class ReminderReplanner<TContext, TSubject>(
    IServiceScopeFactory scopes,
    ReminderPlanner<TSubject> planner,
    TimeProvider time,
    ILogger<ReminderReplanner<TContext, TSubject>> logger) : BackgroundService
    where TContext : DbContext
    where TSubject : class
{
    private const int Page = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var count = 0;
        var skipped = 0;
        try
        {
            List<Guid> keys;
            await using (var scope = scopes.CreateAsyncScope())
                keys = await planner.Subjects.ActiveKeys(scope.ServiceProvider.GetRequiredService<TContext>()).ToListAsync(stoppingToken);

            // A page at a time with three queries (its subjects, their raised reminders, their schedule rows), not three
            // per subject: every start replans all open cases, a million of them in a large office.
            foreach (var page in keys.Chunk(Page))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var found = await planner.Subjects.FindAllAsync(db, page, stoppingToken);
                await planner.ReplanAsync(db, found, time.GetUtcNow(), stoppingToken);
                try
                {
                    await db.SaveChangesAsync(stoppingToken);
                    count += found.Count;
                }
                catch (DbUpdateException ex)
                {
                    // Another instance starting at the same time replans the same cases, or a case changed meanwhile (and
                    // was replanned with its change): either way its rows are planned. The other pages go on.
                    skipped += found.Count;
                    logger.LogWarning("Replanning {Count} {Subject} records at start not saved ({Error}); planned meanwhile by another instance or change",
                        found.Count, typeof(TSubject).Name, ex.InnerException?.GetType().Name ?? ex.GetType().Name);
                }
            }

            logger.LogInformation("Reminder schedule of {Count} active {Subject} records replanned at start ({Skipped} planned meanwhile by another instance or change)",
                count, typeof(TSubject).Name, skipped);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: every later change of a subject replans it anyway.
            logger.LogError(ex, "Replanning the reminder schedule at start failed after {Count} {Subject} records", count, typeof(TSubject).Name);
        }
    }
}
