using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

/// <summary>Runs alone: the meter is process-wide, so another test's events would count too.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsCollection))]
public sealed class NotAppliedMetricTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<(string? Type, string? Reason)> _counted = new();
    private readonly MeterListener _listener = new();
    private JugendamtHost _host = null!;

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HorizontMetrics.MeterName && instrument.Name == "horizont.messages.not_applied")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? type = null, reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "message_type")
                    type = tag.Value as string;
                else if (tag.Key == "reason")
                    reason = tag.Value as string;
            }

            _counted.Enqueue((type, reason));
        });
        _listener.Start();
        _host = await JugendamtHost.StartAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task An_event_that_is_not_applied_is_counted_with_its_type_and_reason()
    {
        var id = await _host.SubmitReferralAsync();
        await _host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.Placed);
        await ConsumeAsync(TestEvents.Hours(id, 20));

        await ConsumeAsync(TestEvents.Hours(id, 10, TestEvents.At.AddDays(-1)));
        await ConsumeAsync(TestEvents.Completed(id));
        await ConsumeAsync(TestEvents.Hours(id, 30, TestEvents.At.AddDays(1)));

        Assert.Equal([("HoursReported", "stale"), ("HoursReported", "ended")], _counted.ToArray());
    }

    private async Task ConsumeAsync(object message)
    {
        var messageId = await _host.SendEventAsync(message);
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
    }
}
