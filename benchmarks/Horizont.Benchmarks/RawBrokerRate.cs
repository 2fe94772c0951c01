using System.Diagnostics;
using System.Security.Cryptography;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Horizont.Benchmarks;

/// <summary>One run of the raw path: publishing with confirms while consuming with acks.</summary>
internal sealed record RawRun(int Messages, TimeSpan AllConfirmed, TimeSpan AllAcked)
{
    /// <summary>Messages through the queue per second: published, confirmed, delivered and acked.</summary>
    public double Rate => Messages / AllAcked.TotalSeconds;

    public double PublishRate => Messages / AllConfirmed.TotalSeconds;
}

/// <summary>
/// The limit of the path on this machine with RabbitMQ.Client alone: persistent messages of <see cref="PayloadBytes"/>
/// bytes into a quorum queue, published with publisher confirms (up to <see cref="InFlight"/> unconfirmed) by one
/// connection while another consumes them with a prefetch of <see cref="Prefetch"/> and acks each one.
/// </summary>
internal static class RawBrokerRate
{
    /// <summary>The payload size of issue 15 and of the figures in toolchain-notes.md (a SubmitReferral in its envelope is larger).</summary>
    public const int PayloadBytes = 300;

    public const int InFlight = 256;

    /// <summary>What the services' receive endpoints use (<c>Messaging:PrefetchCount</c>).</summary>
    public const ushort Prefetch = 200;

    private const string Queue = "horizont-bench-raw";

    private static readonly Dictionary<string, object?> QuorumQueue = new() { ["x-queue-type"] = "quorum" };

    public static async Task<RawRun> RunAsync(BenchBroker broker, int messages)
    {
        await using var publisherConnection = await broker.Factory("horizont-bench-publisher").CreateConnectionAsync();
        await using var consumerConnection = await broker.Factory("horizont-bench-consumer").CreateConnectionAsync();
        // The client's own limiter throttles from half its limit on: set it well above the window this run keeps open.
        await using var publisher = await publisherConnection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(InFlight * 4)));
        await publisher.QueueDeleteAsync(Queue, ifUnused: false, ifEmpty: false);
        await publisher.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, arguments: QuorumQueue);

        await using var consumer = await consumerConnection.CreateChannelAsync();
        await consumer.BasicQosAsync(prefetchSize: 0, prefetchCount: Prefetch, global: false);
        var acked = 0;
        var allAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncEventingBasicConsumer(consumer);
        handler.ReceivedAsync += async (_, delivery) =>
        {
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref acked) == messages)
                allAcked.TrySetResult();
        };
        await consumer.BasicConsumeAsync(Queue, autoAck: false, handler);

        var body = RandomNumberGenerator.GetBytes(PayloadBytes);
        var properties = new BasicProperties { Persistent = true };
        using var window = new SemaphoreSlim(InFlight);
        var sends = new List<Task>(messages);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            await window.WaitAsync();
            sends.Add(PublishAsync(publisher, properties, body, window));
        }

        await Task.WhenAll(sends);
        var allConfirmed = clock.Elapsed;
        await allAcked.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var run = new RawRun(messages, allConfirmed, clock.Elapsed);
        await publisher.QueueDeleteAsync(Queue, ifUnused: false, ifEmpty: false);
        return run;
    }

    private static async Task PublishAsync(IChannel channel, BasicProperties properties, ReadOnlyMemory<byte> body, SemaphoreSlim window)
    {
        try
        {
            // Completes when the broker has confirmed the message: on a quorum queue, once a majority has it on disk.
            await channel.BasicPublishAsync(string.Empty, Queue, mandatory: false, properties, body);
        }
        finally
        {
            window.Release();
        }
    }
}
