using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Stops and starts the process's bus, so that it reconnects on fresh connections and channels. Used by the
/// <see cref="BusWatchdog"/> (a receive endpoint that stayed down) and by the outbox dispatcher (sends whose confirm never
/// came). One restart at a time; a request while one runs waits for it and counts as done.
/// </summary>
public sealed class BusRestarter(IBusControl bus, IMeterFactory meters, ILogger<BusRestarter> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Counter<long> _restarts = meters.Create(HorizontMetrics.MeterName)
        .CreateCounter<long>("horizont.bus.restarts", unit: "{restart}", description: "Restarts of the bus by the watchdog or the outbox dispatcher, by reason.");

    private int _count;

    /// <summary>Restarts done since the process started.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Restarts the bus; false when the restart failed (logged), so the caller tries again later.</summary>
    /// <param name="reason">A short code for the metric and the log, e.g. <c>unhealthy</c>, <c>send_timeouts</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the bus.</param>
    public async Task<bool> RestartAsync(string reason, CancellationToken cancellationToken)
    {
        var requested = Count;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Count != requested)
                return true; // restarted while this request waited
            logger.LogWarning("Restarting the bus ({Reason})", reason);
            await bus.StopAsync(cancellationToken);
            await bus.StartAsync(cancellationToken);
            Interlocked.Increment(ref _count);
            _restarts.Add(1, new KeyValuePair<string, object?>("reason", reason));
            logger.LogWarning("Bus restarted ({Reason})", reason);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Bus restart ({Reason}) failed", reason);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
