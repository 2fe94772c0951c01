using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// One pass over what is due: reads the schedule rows whose time has come (indexed by due time), and for
/// each referral among them raises its due reminders and moves its schedule on, in one transaction per
/// referral. Cost grows with what is due, not with the number of open cases. Safe to run twice at once
/// (the unique occasion key turns the loser's insert into a skipped referral), though Quartz does not.
/// </summary>
public sealed class ReminderSweep<TContext, TSubject>(
    IServiceScopeFactory scopes,
    ReminderPlanner<TSubject> planner,
    ReminderSetup<TContext> setup,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    IOptions<SmtpOptions> smtp,
    ILogger<ReminderSweep<TContext, TSubject>> logger)
    where TContext : DbContext
    where TSubject : class
{
    /// <summary>Raises what is due now; returns the reminders raised.</summary>
    public async Task<IReadOnlyList<Reminder>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var raised = new List<Reminder>();
        var done = new List<Guid>();
        while (true)
        {
            List<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                due = await db.Set<ReminderSchedule>().AsNoTracking()
                    .Where(s => s.DueAt <= now && !done.Contains(s.ReferralId))
                    .OrderBy(s => s.DueAt)
                    .Select(s => s.ReferralId)
                    .Take(options.Value.BatchSize)
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
                break;
            foreach (var key in due.Distinct())
            {
                done.Add(key);
                raised.AddRange(await RaiseForAsync(key, now, cancellationToken));
            }
        }

        foreach (var reminder in raised)
            ReminderMetrics.Raised(setup.Side, reminder.Rule);
        return raised;
    }

    private async Task<IReadOnlyList<Reminder>> RaiseForAsync(Guid key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var subject = await planner.Subjects.FindAsync(db, key, cancellationToken);
        if (subject is null)
        {
            await planner.ForgetAsync(db, key, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }

        var raised = await planner.RaiseDueAsync(db, subject, now, smtp.Value.IsConfigured, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another instance raised the same occasion or changed the referral meanwhile: the next pass judges it afresh.
            logger.LogWarning("Reminders for referral {ReferralId} not raised in this pass ({Error}); the next pass looks again",
                key, ex.InnerException?.GetType().Name ?? ex.GetType().Name);
            return [];
        }

        foreach (var reminder in raised)
        {
            logger.LogInformation("Reminder {Rule} raised for referral {ReferralId} (due {DueAt:o}) to team {Team}; reminder {ReminderId}",
                reminder.Rule, reminder.ReferralId, reminder.DueAt, reminder.Team, reminder.Id);
        }

        return raised;
    }
}
