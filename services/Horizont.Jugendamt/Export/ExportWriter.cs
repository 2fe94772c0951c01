using Horizont.Hosting.Messaging;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Export;

/// <summary>
/// Writes the export outbox (<see cref="PendingExport"/>) to the export folder, oldest first, each file atomically
/// (<see cref="AtomicFile"/>), then marks the row written. A crash between the write and the mark writes the same
/// file again under the same name, with the same content. Written rows are deleted after
/// <see cref="JugendamtOptions.ExportRetention"/>. Woken by <see cref="Notify"/> after a commit that recorded a file,
/// otherwise every <see cref="MessagingOptions.OutboxPollInterval"/>; after a failure it backs off.
/// </summary>
internal sealed class ExportWriter(
    IServiceScopeFactory scopes,
    JugendamtFolders folders,
    IOptions<JugendamtOptions> options,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<ExportWriter> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Called after a commit that recorded an export file: write it now rather than at the next poll.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
                _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another commit signalled at the same moment; one wake-up is enough.
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool full;
            try
            {
                full = await WriteBatchAsync(stoppingToken);
                // One indexed delete per pass, like the dispatcher's poll: cheap, and nothing to schedule.
                await DeleteExpiredAsync(stoppingToken);

                failuresInARow = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failuresInARow++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failuresInARow, 10))));
                logger.LogError(ex, "Export files could not be written to {ExportFolder} (failure {Failures} in a row); trying again in {Backoff}",
                    folders.Export, failuresInARow, backoff);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (!full)
                await ((Task)_signal.WaitAsync(messaging.Value.OutboxPollInterval, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>Whether the batch was full (more may be waiting).</returns>
    private async Task<bool> WriteBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var batch = await db.PendingExports
            .Where(x => x.WrittenAt == null)
            .OrderBy(x => x.Sequence)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
            return false;

        Directory.CreateDirectory(folders.Export);
        foreach (var row in batch)
        {
            await AtomicFile.WriteAsync(Path.Combine(folders.Export, row.FileName), row.Content, byteOrderMark: false, cancellationToken);
            row.WrittenAt = time.GetUtcNow();
            // Marked one by one: a crash after a write rewrites only that file.
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogDebug("Export file {ExportFile} written", row.FileName);
        }

        return batch.Count == BatchSize;
    }

    private async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var before = time.GetUtcNow() - options.Value.ExportRetention;
        var deleted = await db.PendingExports.Where(x => x.WrittenAt != null && x.WrittenAt < before).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
            logger.LogInformation("{Count} written export rows older than {Retention} deleted from the export outbox", deleted, options.Value.ExportRetention);
    }
}
