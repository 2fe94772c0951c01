using Horizont.Hosting.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// The scheduled job that keeps a store's outbox and inbox from growing forever: every
/// <see cref="MessagingOptions.RetentionInterval"/> it deletes sent outbox rows older than
/// <see cref="MessagingOptions.OutboxRetention"/> and inbox rows older than <see cref="MessagingOptions.InboxRetention"/>, in
/// batches of <see cref="BatchSize"/> so that no delete holds the database for long. Unsent rows are never deleted. Every
/// instance may run it: deleting what another instance deleted a moment ago deletes nothing.
/// </summary>
internal sealed class OutboxRetention<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxRetention<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    public const int BatchSize = 1000;

    private static readonly string StoreName = OutboxBacklog<TDbContext>.StoreName(typeof(TDbContext));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock pacing even under a test's fake clock; the cut-off comes from the host's clock.
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Outbox and inbox retention of {Store} failed; trying again in {Interval}", StoreName, options.Value.RetentionInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes what has expired now. Internal for tests.</summary>
    internal async Task<(int Outbox, int Inbox)> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sentBefore = now - options.Value.OutboxRetention;
        var receivedBefore = now - options.Value.InboxRetention;
        var outbox = await DeleteInBatchesAsync(db =>
        {
            var expired = db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < sentBefore).OrderBy(m => m.Sequence).Take(BatchSize).Select(m => m.Sequence);
            return db.Set<OutboxMessage>().Where(m => expired.Contains(m.Sequence)).ExecuteDeleteAsync(cancellationToken);
        });
        var inbox = await DeleteInBatchesAsync(db =>
        {
            var expired = db.Set<InboxMessage>().Where(m => m.ReceivedAt < receivedBefore).OrderBy(m => m.ReceivedAt).Take(BatchSize).Select(m => m.MessageId);
            return db.Set<InboxMessage>().Where(m => expired.Contains(m.MessageId) && m.ReceivedAt < receivedBefore).ExecuteDeleteAsync(cancellationToken);
        });
        if (outbox + inbox > 0)
            logger.LogInformation("Retention of {Store}: deleted {Outbox} sent outbox rows and {Inbox} inbox rows", StoreName, outbox, inbox);
        return (outbox, inbox);
    }

    private async Task<int> DeleteInBatchesAsync(Func<TDbContext, Task<int>> deleteBatch)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            deleted = await deleteBatch(scope.ServiceProvider.GetRequiredService<TDbContext>());
            total += deleted;
        }
        while (deleted == BatchSize);
        return total;
    }
}
