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
        try
        {
            List<Guid> keys;
            await using (var scope = scopes.CreateAsyncScope())
                keys = await planner.Subjects.ActiveKeys(scope.ServiceProvider.GetRequiredService<TContext>()).ToListAsync(stoppingToken);

            foreach (var page in keys.Chunk(Page))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var now = time.GetUtcNow();
                foreach (var key in page)
                {
                    if (await planner.Subjects.FindAsync(db, key, stoppingToken) is { } subject)
                        await planner.ReplanAsync(db, subject, now, stoppingToken);
                }

                await db.SaveChangesAsync(stoppingToken);
                count += page.Length;
            }

            logger.LogInformation("Reminder schedule of {Count} active {Subject} records replanned at start", count, typeof(TSubject).Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: every later change of a subject replans it anyway.
            logger.LogError(ex, "Replanning the reminder schedule at start failed after {Count} {Subject} records", count, typeof(TSubject).Name);
        }
    }
}
