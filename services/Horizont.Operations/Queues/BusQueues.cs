using System.Collections.Concurrent;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using Horizont.Operations.Failures;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Horizont.Operations.Queues;

/// <summary>
/// Queue figures on the in-memory transport, where no broker can be asked: what the bus itself sees of each of its
/// receive endpoints since this process started. It observes receives (received, consumed, faulted, in flight) and
/// the endpoints' state (ready: one consumer; stopping, completed or faulted: none). Messages waiting in an in-memory
/// queue are not observable, so <see cref="QueueView.Messages"/> and <see cref="QueueView.Ready"/> stay null.
/// </summary>
/// <remarks>
/// Rates are the change of the counters since the previous read, per second: null on the first read. A read less than
/// <see cref="MinimumRateWindow"/> after the one that last measured them repeats that measurement rather than
/// dividing a handful of messages by a few milliseconds.
/// </remarks>
internal sealed class BusQueues(PartnerDirectory partners, IOptions<HeartbeatOptions> heartbeat, TimeProvider time, IServiceProvider services)
    : IQueueSource, IReceiveObserver, IReceiveEndpointObserver
{
    public const string SourceName = "bus";

    public static readonly TimeSpan MinimumRateWindow = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Lock _rateLock = new();
    private Measurement? _last;

    public Task<QueueReport> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counters = _endpoints.ToDictionary(e => e.Key, e => e.Value.Read(), StringComparer.Ordinal);
        IReadOnlyDictionary<string, (double Publish, double Deliver)> rates;
        lock (_rateLock)
        {
            if (_last is null)
            {
                _last = new Measurement(now, counters, new Dictionary<string, (double, double)>());
            }
            else if (now - _last.At >= MinimumRateWindow)
            {
                var seconds = (now - _last.At).TotalSeconds;
                var measured = counters.ToDictionary(
                    c => c.Key,
                    c =>
                    {
                        var before = _last.Counters.GetValueOrDefault(c.Key);
                        return ((c.Value.Received - before.Received) / seconds, (c.Value.Consumed - before.Consumed) / seconds);
                    },
                    StringComparer.Ordinal);
                _last = new Measurement(now, counters, measured);
            }

            rates = _last.Rates;
        }

        var agencyQueues = partners.All.Select(p => p.QueueName).ToHashSet(StringComparer.Ordinal);
        var operationsQueue = heartbeat.Value.Queue;
        // The bus's own temporary endpoint (responses, faults to the bus) is MassTransit's, not a Horizont queue.
        var busQueue = services.GetService<IBus>() is { } bus ? QueueOf(bus.Address) : null;
        var queues = counters
            .Where(c => c.Key != busQueue)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c =>
            {
                var measured = rates.TryGetValue(c.Key, out var r) ? r : ((double Publish, double Deliver)?)null;
                return new QueueView(
                    c.Key,
                    QueueKinds.Of(c.Key, agencyQueues, operationsQueue),
                    Messages: null,
                    Ready: null,
                    Unacknowledged: c.Value.InFlight,
                    Consumers: c.Value.Consumers,
                    PublishRate: measured?.Publish,
                    DeliverRate: measured?.Deliver,
                    OldestMessageAgeSeconds: null,
                    Consumed: c.Value.Consumed,
                    Faulted: c.Value.Faulted);
            })
            .ToList();
        return Task.FromResult(new QueueReport(SourceName, now, queues, null));
    }

    public Task Ready(ReceiveEndpointReady ready) => SetConsumers(ready, 1);

    public Task Stopping(ReceiveEndpointStopping stopping) => SetConsumers(stopping, 0);

    public Task Completed(ReceiveEndpointCompleted completed) => SetConsumers(completed, 0);

    public Task Faulted(ReceiveEndpointFaulted faulted) => SetConsumers(faulted, 0);

    public Task PreReceive(ReceiveContext context)
    {
        var endpoint = Of(context.InputAddress);
        Interlocked.Increment(ref endpoint.Received);
        Interlocked.Increment(ref endpoint.InFlight);
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Decrement(ref Of(context.InputAddress).InFlight);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class
    {
        // Once per message, however many consumers it had.
        if (Interlocked.Exchange(ref Outcome.Of(context.ReceiveContext).Consumed, 1) == 0)
            Interlocked.Increment(ref Of(context.ReceiveContext.InputAddress).Consumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        CountFault(context.ReceiveContext);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        CountFault(context);
        Interlocked.Decrement(ref Of(context.InputAddress).InFlight);
        return Task.CompletedTask;
    }

    /// <summary>The queue of an endpoint: the last path segment of its input address.</summary>
    private static string QueueOf(Uri inputAddress) => FailedMessageReader.QueueOf(inputAddress.ToString()) ?? inputAddress.ToString();

    /// <summary>A message whose consumer failed and whose receive then failed too counts once.</summary>
    private void CountFault(ReceiveContext context)
    {
        if (Interlocked.Exchange(ref Outcome.Of(context).Faulted, 1) == 0)
            Interlocked.Increment(ref Of(context.InputAddress).Faulted);
    }

    private Task SetConsumers(ReceiveEndpointEvent endpointEvent, int consumers)
    {
        Interlocked.Exchange(ref Of(endpointEvent.InputAddress).Consumers, consumers);
        return Task.CompletedTask;
    }

    private Endpoint Of(Uri inputAddress) => _endpoints.GetOrAdd(QueueOf(inputAddress), _ => new Endpoint());

    private sealed class Endpoint
    {
        public long Received;
        public long Consumed;
        public long Faulted;
        public long InFlight;
        public int Consumers;

        public Counters Read() => new(
            Interlocked.Read(ref Received),
            Interlocked.Read(ref Consumed),
            Interlocked.Read(ref Faulted),
            Math.Max(0, Interlocked.Read(ref InFlight)),
            Volatile.Read(ref Consumers));
    }

    private readonly record struct Counters(long Received, long Consumed, long Faulted, long InFlight, int Consumers);

    private sealed record Measurement(DateTimeOffset At, Dictionary<string, Counters> Counters, IReadOnlyDictionary<string, (double Publish, double Deliver)> Rates);

    /// <summary>What has been counted of one message already (kept on its receive context).</summary>
    private sealed class Outcome
    {
        public int Consumed;
        public int Faulted;

        public static Outcome Of(ReceiveContext context) => context.GetOrAddPayload(() => new Outcome());
    }
}
