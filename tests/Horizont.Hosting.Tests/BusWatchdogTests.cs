using Horizont.Hosting.Messaging;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Horizont.Hosting.Tests;

public sealed class BusWatchdogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly IBusControl _bus = Substitute.For<IBusControl>();
    private volatile bool _healthy;

    public BusWatchdogTests()
    {
        // Configured once: re-stubbing while the watchdog calls CheckHealth on another thread would race.
        _bus.CheckHealth().Returns(_ => _healthy
            ? BusHealthResult.Healthy("ok", new Dictionary<string, EndpointHealthResult>())
            : BusHealthResult.Unhealthy("endpoint ja-nordhausen faulted", new InvalidOperationException("faulted"), new Dictionary<string, EndpointHealthResult>()));
    }

    private BusWatchdog Watchdog() => new(_bus, Restarter(),
        Options.Create(new MessagingOptions { BusHealthCheckInterval = TimeSpan.FromSeconds(15), RestartBusAfter = TimeSpan.FromMinutes(2) }),
        _time, NullLogger<BusWatchdog>.Instance);

    private BusRestarter Restarter() => new(_bus, new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), NullLogger<BusRestarter>.Instance);

    private void Health(BusHealthStatus status) => _healthy = status == BusHealthStatus.Healthy;

    /// <summary>
    /// The watchdog's checks one interval apart, driven directly: the timer loop around them only
    /// waits, and driving the checks keeps the test free of thread-pool timing.
    /// </summary>
    private static async Task<DateTimeOffset?> CheckEveryIntervalAsync(BusWatchdog watchdog, FakeTimeProvider time, DateTimeOffset? since, TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromSeconds(15))
        {
            time.Advance(TimeSpan.FromSeconds(15));
            since = await watchdog.CheckAsync(since, CancellationToken.None);
        }

        return since;
    }

    [Fact]
    public async Task A_bus_unhealthy_for_longer_than_the_limit_is_restarted_once()
    {
        Health(BusHealthStatus.Unhealthy);
        using var watchdog = Watchdog();

        // First seen unhealthy at the check after 15 s; 105 s later, still short of two minutes.
        var since = await CheckEveryIntervalAsync(watchdog, _time, null, TimeSpan.FromSeconds(120));
        await _bus.DidNotReceive().StopAsync(Arg.Any<CancellationToken>());

        // Two minutes after it was first seen: restarted; the next restart could only come two minutes later.
        since = await CheckEveryIntervalAsync(watchdog, _time, since, TimeSpan.FromSeconds(15));
        Assert.Null(since);
        await CheckEveryIntervalAsync(watchdog, _time, since, TimeSpan.FromSeconds(105));
        await _bus.Received(1).StopAsync(Arg.Any<CancellationToken>());
        await _bus.Received(1).StartAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_bus_that_recovers_by_itself_is_left_alone()
    {
        Health(BusHealthStatus.Unhealthy);
        using var watchdog = Watchdog();

        var since = await CheckEveryIntervalAsync(watchdog, _time, null, TimeSpan.FromSeconds(90));
        Health(BusHealthStatus.Healthy);
        since = await CheckEveryIntervalAsync(watchdog, _time, since, TimeSpan.FromSeconds(15));
        Assert.Null(since);
        Health(BusHealthStatus.Unhealthy);
        await CheckEveryIntervalAsync(watchdog, _time, since, TimeSpan.FromSeconds(90));

        await _bus.DidNotReceive().StopAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_watchdog_switched_off_never_looks_at_the_bus()
    {
        using var watchdog = new BusWatchdog(_bus, Restarter(), Options.Create(new MessagingOptions { RestartBusAfter = TimeSpan.Zero }), _time, NullLogger<BusWatchdog>.Instance);
        await watchdog.StartAsync(CancellationToken.None);
        await watchdog.ExecuteTask!;

        _bus.DidNotReceive().CheckHealth();
    }
}
