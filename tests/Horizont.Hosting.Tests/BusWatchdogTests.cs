using Horizont.Hosting.Messaging;
using MassTransit;
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

    private BusWatchdog Watchdog() => new(_bus,
        Options.Create(new MessagingOptions { BusHealthCheckInterval = TimeSpan.FromSeconds(15), RestartBusAfter = TimeSpan.FromMinutes(2) }),
        _time, NullLogger<BusWatchdog>.Instance);

    private void Health(BusHealthStatus status) => _healthy = status == BusHealthStatus.Healthy;

    private async Task AdvanceAsync(TimeSpan span)
    {
        for (var step = TimeSpan.Zero; step < span; step += TimeSpan.FromSeconds(15))
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_bus_unhealthy_for_longer_than_the_limit_is_restarted_once()
    {
        Health(BusHealthStatus.Unhealthy);
        using var watchdog = Watchdog();
        await watchdog.StartAsync(CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromSeconds(90));
        await _bus.DidNotReceive().StopAsync(Arg.Any<CancellationToken>());

        // Past the two minutes, once; the next restart could only come two minutes after this one.
        await AdvanceAsync(TimeSpan.FromSeconds(120));
        await _bus.Received(1).StopAsync(Arg.Any<CancellationToken>());
        await _bus.Received(1).StartAsync(Arg.Any<CancellationToken>());
        await watchdog.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_bus_that_recovers_by_itself_is_left_alone()
    {
        Health(BusHealthStatus.Unhealthy);
        using var watchdog = Watchdog();
        await watchdog.StartAsync(CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromSeconds(90));
        Health(BusHealthStatus.Healthy);
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        Health(BusHealthStatus.Unhealthy);
        await AdvanceAsync(TimeSpan.FromSeconds(90));

        await _bus.DidNotReceive().StopAsync(Arg.Any<CancellationToken>());
        await watchdog.StopAsync(CancellationToken.None);
    }
}
