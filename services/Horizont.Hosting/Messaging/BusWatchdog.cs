using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Restarts the bus when it has been unhealthy for longer than <see cref="MessagingOptions.RestartBusAfter"/>.
/// MassTransit reconnects by itself after a broker outage, but a receive endpoint whose reconnect
/// meets an error outside its retry policy ("ReceiveTransport Cannot Retry") stays down for good,
/// leaving its queue without a consumer while the process looks alive. Seen here once in about
/// twenty broker restarts under load. Readiness (<c>/health/ready</c>) reports the same state for an
/// orchestrator; this covers hosts that nobody restarts.
/// </summary>
internal sealed class BusWatchdog(
    IBusControl bus,
    BusRestarter restarter,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<BusWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RestartBusAfter <= TimeSpan.Zero)
            return;

        DateTimeOffset? unhealthySince = null;
        using var timer = new PeriodicTimer(settings.BusHealthCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                unhealthySince = await CheckAsync(unhealthySince, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <returns>Since when the bus has been unhealthy, or null when it is healthy (again).</returns>
    internal async Task<DateTimeOffset?> CheckAsync(DateTimeOffset? unhealthySince, CancellationToken stoppingToken)
    {
        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Healthy)
        {
            if (unhealthySince is not null)
                logger.LogInformation("Bus healthy again after {Duration}", time.GetUtcNow() - unhealthySince.Value);
            return null;
        }

        var since = unhealthySince ?? time.GetUtcNow();
        var duration = time.GetUtcNow() - since;
        if (duration < options.Value.RestartBusAfter)
            return since;

        logger.LogError("Bus {Status} for {Duration} ({Description}); restarting it", health.Status, duration, health.Description);
        if (await restarter.RestartAsync("unhealthy", stoppingToken))
            return null;
        // A new unhealthy period starts: the watchdog tries again after RestartBusAfter.
        logger.LogError("Bus restart failed; trying again in {Delay}", options.Value.RestartBusAfter);
        return time.GetUtcNow();
    }
}
