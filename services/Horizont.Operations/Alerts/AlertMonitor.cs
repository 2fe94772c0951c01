using Horizont.Hosting;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Operations.Alerts;

/// <summary>
/// Every <c>Operations__ScanInterval</c>: reads queues, failures and heartbeats, evaluates the rules, raises an alert
/// once for a condition that newly holds, resolves the open alerts whose condition cleared, and sends the mails.
/// </summary>
public sealed class AlertMonitor(
    IServiceScopeFactory scopes,
    IQueueSource queues,
    FailureCatalog failures,
    HeartbeatBoard heartbeats,
    AlertMailer mailer,
    IOptions<OperationsOptions> options,
    TimeProvider time,
    ILogger<AlertMonitor> logger) : BackgroundService
{
    private readonly AlertRules _rules = new(options.Value.Alerts);

    /// <summary>One pass at a time, whoever asks: two at once could mail the same alert twice.</summary>
    private readonly SemaphoreSlim _pass = new(1, 1);

    public static string TitleOf(AlertRule rule) => rule switch
    {
        AlertRule.FailedMessage => "Fehlgeschlagene Nachricht",
        AlertRule.QueueDepth => "Queue staut sich",
        AlertRule.QueueWithoutConsumer => "Queue ohne Consumer",
        AlertRule.HeartbeatMissing => "Dienst meldet sich nicht",
        AlertRule.OutboxBacklog => "Outbox staut",
        AlertRule.MessageRefused => "Nachricht zurückgewiesen",
        _ => rule.ToString(),
    };

    /// <summary>One pass; public for tests, which drive it with their own clock or wait for it instead of sleeping.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            await PassAsync(cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _pass.Dispose();
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var groups = await Try("failures", () => failures.TryGroupsAsync(TimeSpan.FromSeconds(1), cancellationToken));
        var picture = new OperationsPicture(
            time.GetUtcNow(),
            await Try<QueueReport>("queues", async () => await queues.ReadAsync(cancellationToken)),
            failures.UnavailableReason is null ? groups : null,
            await Try<IReadOnlyList<HeartbeatView>>("heartbeats", async () => await heartbeats.ReadAsync(cancellationToken)));
        await ReconcileAsync(_rules.Evaluate(picture), picture.Now, cancellationToken);
        await mailer.RunAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScanInterval, time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Alert pass failed; the next one follows in {Interval}", options.Value.ScanInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileAsync(AlertEvaluation evaluation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var open = await db.Alerts.Where(a => a.OpenKey != null).ToListAsync(cancellationToken);
        var conditions = evaluation.Conditions;

        foreach (var alert in open.Where(a => evaluation.Judged.Contains(a.Rule) && !evaluation.Holding.Contains(a.Key)))
        {
            alert.ResolvedAt = now;
            alert.OpenKey = null;
            logger.LogInformation("Alert {Rule} for {Subject} resolved", alert.Rule, alert.Subject);
        }

        var mailing = mailer.IsConfigured;
        foreach (var condition in conditions.Where(c => open.All(a => a.Key != c.Key)))
        {
            db.Alerts.Add(new OperationsAlert
            {
                Id = Guid.NewGuid(),
                Key = condition.Key,
                OpenKey = condition.Key,
                Rule = condition.Rule,
                Subject = condition.Subject.Cut(300),
                Text = condition.Text.Cut(2000),
                RaisedAt = now,
                Mail = mailing ? AlertMailState.Pending : AlertMailState.None,
                MailDueAt = mailing ? now : null,
            });
            logger.LogWarning("Alert {Rule} raised for {Subject}", condition.Rule, condition.Subject);
        }

        // Another instance raising the same alert at the same moment fails here on the unique open key: the next pass sees its row.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<T?> Try<T>(string what, Func<Task<T?>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Alert pass could not read the {What} ({Error}: {Message}); their alerts stay as they are", what, ex.GetType().Name, ex.Message);
            return null;
        }
    }
}
