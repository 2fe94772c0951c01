using Horizont.Hosting.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// One pass over what is due: reads the schedule rows whose time has come (indexed by due time), and for each
/// batch of referrals among them raises their due reminders and moves their schedule on, in one transaction per
/// batch (one per referral after a conflict). On PostgreSQL several batches of different referrals run at once
/// (<see cref="ReminderOptions.SweepParallelism"/>). Cost grows with what is due, not with the number of open cases. Safe
/// to run twice at once (the unique occasion key turns the loser's insert into a skipped referral), though Quartz does not.
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
    /// <summary>What a batch writes set-based: its reminders, their history lines and the schedule rows it moves on.</summary>
    private readonly IReadOnlyCollection<Type> _setBased = [typeof(Reminder), typeof(ReminderSchedule), .. planner.Subjects.RecordTypes];

    /// <summary>Raises what is due now; returns the reminders raised.</summary>
    public async Task<IReadOnlyList<Reminder>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var raised = new List<Reminder>();
        var handled = new HashSet<Guid>();
        // Referrals handled in this pass whose rows are still due (a conflict, another instance): left to the next pass.
        // A handled referral's rows have moved on, so the query finds the rest without a growing list of all done.
        var stuck = new List<Guid>();
        var batchSize = options.Value.BatchSize;
        int? parallelism = null;
        while (true)
        {
            List<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                parallelism ??= Parallelism(db);
                due = await db.Set<ReminderSchedule>().AsNoTracking()
                    .Where(s => s.DueAt <= now && !stuck.Contains(s.ReferralId))
                    .OrderBy(s => s.DueAt)
                    .Select(s => s.ReferralId)
                    .Take(batchSize * parallelism.Value)
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
                break;
            var fresh = new List<Guid>();
            foreach (var key in due.Distinct())
            {
                if (handled.Add(key))
                    fresh.Add(key);
                else
                    stuck.Add(key);
            }

            // Different referrals in each batch (one batch on SQLite), so the batches cannot conflict with one another;
            // each runs on the thread pool in its own scope, so one batch's reading and planning overlaps another's statements.
            var batches = await Task.WhenAll(fresh.Chunk(batchSize)
                .Select(batch => Task.Run(() => RaiseForBatchAsync([.. batch], now, cancellationToken), cancellationToken)));
            foreach (var batch in batches)
                raised.AddRange(batch);
        }

        return raised;
    }

    /// <summary>SQLite takes one writer at a time: batches at once would only wait for one another's transactions.</summary>
    private int Parallelism(TContext db) =>
        db.Database.IsSqlite() ? 1
        : options.Value.SweepParallelism > 0 ? options.Value.SweepParallelism
        : Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>
    /// The batch in one unit of work and one transaction (three queries and one save, not six round trips per referral).
    /// When the save fails (another instance raised one of the occasions, or changed a referral meanwhile), nothing of
    /// the batch is kept and each referral is tried alone, so one conflict costs no other referral its reminders.
    /// </summary>
    private async Task<IReadOnlyList<Reminder>> RaiseForBatchAsync(List<Guid> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (keys.Count > 1)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var found = await planner.Subjects.FindAllAsync(db, keys, cancellationToken);
                if (found.Count == keys.Count)
                {
                    var raised = await planner.RaiseDueAsync(db, found, now, smtp.Value.IsConfigured, cancellationToken);
                    // The reminders, their history lines and the schedule rows deleted or added as one statement per
                    // table, then whatever else (a flagged case, its message to the partner) as SaveChanges writes it.
                    await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
                    {
                        await SetBasedWrites.WriteAsync(db, _setBased, cancellationToken);
                        await db.SaveChangesAsync(cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                    }

                    Log(raised);
                    return raised;
                }
            }
            catch (DbUpdateException ex)
            {
                logger.LogInformation("A batch of {Count} referrals could not be saved together ({Error}); each is tried alone",
                    keys.Count, ex.InnerException?.GetType().Name ?? ex.GetType().Name);
            }
        }

        // One at a time: after a conflict, and for a batch with a referral that is gone (its rows are forgotten alone).
        var one = new List<Reminder>();
        foreach (var key in keys)
            one.AddRange(await RaiseForAsync(key, now, cancellationToken));
        return one;
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

        Log(raised);
        return raised;
    }

    /// <summary>After the commit: the log line and the counter of each reminder raised.</summary>
    private void Log(IReadOnlyList<Reminder> raised)
    {
        foreach (var reminder in raised)
        {
            ReminderMetrics.Raised(setup.Side, reminder.Rule);
            logger.LogInformation("Reminder {Rule} raised for referral {ReferralId} (due {DueAt:o}) to team {Team}; reminder {ReminderId}",
                reminder.Rule, reminder.ReferralId, reminder.DueAt, reminder.Team, reminder.Id);
        }
    }
}
