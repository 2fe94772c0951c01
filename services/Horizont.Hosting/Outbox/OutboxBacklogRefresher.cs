using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Reads every store's outbox backlog at start and then every <see cref="Period"/>, and publishes the last reading
/// as gauges on Horizont's meter (<c>horizont.outbox.pending</c>, <c>horizont.outbox.oldest_age</c>, tag <c>store</c>).
/// A scrape never touches the database. A failed read is logged, counted, and tried again at the next tick.
/// </summary>
internal sealed class OutboxBacklogRefresher : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private readonly IOutboxBacklog[] _backlogs;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxBacklogRefresher> _logger;
    private readonly Counter<long> _readErrors;

    public OutboxBacklogRefresher(IEnumerable<IOutboxBacklog> backlogs, IMeterFactory meters, TimeProvider time, ILogger<OutboxBacklogRefresher> logger)
    {
        _backlogs = [.. backlogs];
        _time = time;
        _logger = logger;
        // The host's meter factory owns the meter: the gauges end with the host that reads them.
        var meter = meters.Create(HorizontMetrics.MeterName);
        meter.CreateObservableGauge("horizont.outbox.pending", Pending, unit: "{message}",
            description: "Outbox messages written but not yet sent, per store, as last read (every 15 s).");
        meter.CreateObservableGauge("horizont.outbox.oldest_age", OldestAge, unit: "s",
            description: "Age of the oldest unsent outbox message, per store; 0 when nothing waits.");
        _readErrors = meter.CreateCounter<long>("horizont.outbox.backlog_read_errors", unit: "{error}",
            description: "Reads of an outbox backlog that failed (the gauges then keep the previous reading).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_backlogs.Length == 0)
            return;
        // Wall-clock pacing even when the host runs on a test's fake clock: a fake clock moved by weeks would
        // otherwise fire this timer once per period in between.
        using var timer = new PeriodicTimer(Period, TimeProvider.System);
        try
        {
            do
            {
                foreach (var backlog in _backlogs)
                    await RefreshAsync(backlog, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(IOutboxBacklog backlog, CancellationToken cancellationToken)
    {
        try
        {
            await backlog.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _readErrors.Add(1, new KeyValuePair<string, object?>("store", backlog.Store));
            // The exception's type only: a database message may quote values.
            _logger.LogWarning("Outbox backlog of {Store} not read ({Error}); the gauges keep the reading of {ReadAt:o}",
                backlog.Store, ex.GetType().Name, backlog.Last?.ReadAt);
        }
    }

    private IEnumerable<Measurement<long>> Pending()
    {
        foreach (var backlog in _backlogs)
        {
            if (backlog.Last is { } last)
                yield return new Measurement<long>(last.Pending, new KeyValuePair<string, object?>("store", last.Store));
        }
    }

    private IEnumerable<Measurement<double>> OldestAge()
    {
        var now = _time.GetUtcNow();
        foreach (var backlog in _backlogs)
        {
            if (backlog.Last is not { } last)
                continue;
            var age = last.OldestCreatedAt is { } oldest && oldest < now ? (now - oldest).TotalSeconds : 0d;
            yield return new Measurement<double>(age, new KeyValuePair<string, object?>("store", last.Store));
        }
    }
}
