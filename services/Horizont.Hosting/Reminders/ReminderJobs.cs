using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Horizont.Hosting.Reminders;

/// <summary>Quartz's side of the sweep: finds what is due and hands it to the mail job.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderSweepJob<TContext, TSubject>(ReminderSweep<TContext, TSubject> sweep, ReminderSetup<TContext> setup) : IJob
    where TContext : DbContext
    where TSubject : class
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var raised = await sweep.RunAsync(cancellationToken);
        if (raised.Count > 0)
            await context.Scheduler.TriggerJob(setup.MailJob, cancellationToken: cancellationToken);
    }
}

/// <summary>Quartz's side of the reminder e-mails: sends what is pending, also on its own interval for retries.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderMailJob<TContext>(ReminderMailer<TContext> mailer) : IJob
    where TContext : DbContext
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await mailer.RunAsync(cancellationToken);
}

/// <summary>What one service's reminders are: its side, its timing, where its cases are linked, and its Quartz identities.</summary>
public sealed class ReminderSetup<TContext>(ReminderSide side, ReminderTiming timing, string linkBaseUrl, string casePath)
    where TContext : DbContext
{
    public ReminderSide Side => side;

    public ReminderTiming Timing => timing;

    public JobKey MailJob { get; } = ReminderJobKeys.Mail(side);

    /// <summary>The link to a case in e-mails and in the list: the case path (with <c>{id}</c> for the referral id) after the link base URL.</summary>
    public string LinkTo(Guid referralId) => linkBaseUrl.TrimEnd('/') + PathTo(referralId);

    /// <summary>The case's page within this site (the staff pages link to it without the base URL).</summary>
    public string PathTo(Guid referralId) => casePath.Replace("{id}", referralId.ToString(), StringComparison.Ordinal);
}

/// <summary>The Quartz identities of one side's reminders; named, so the persistent store recognises them after a restart.</summary>
public static class ReminderJobKeys
{
    /// <summary>One scheduler per service, with its jobs in the service's own database.</summary>
    public static string Scheduler(ReminderSide side) => $"horizont-{side.ToString().ToLowerInvariant()}-reminders";

    public static JobKey Sweep(ReminderSide side) => new("reminder-sweep", side.ToString());

    public static JobKey Mail(ReminderSide side) => new("reminder-mail", side.ToString());
}
