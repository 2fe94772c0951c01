using System.Diagnostics;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using Horizont.Operations.Queues;
using Horizont.Operations.Tests.Support;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Horizont.Operations.Tests;

/// <summary>
/// Queue figures from the real broker's management API: what a queue holds, then what a consumer that does not
/// acknowledge holds. The broker refreshes its statistics every 5 s, so each expectation is polled for.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class QueueFiguresOnRabbitMqTests
{
    private const int Published = 7;
    private const ushort Prefetch = 2;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [ManagementApiFact]
    public Task A_quorum_queue_shows_its_messages_then_its_consumer_and_the_deliveries_it_holds() => ObserveAsync("quorum");

    [ManagementApiFact]
    public Task A_classic_queue_shows_its_messages_then_its_consumer_and_the_deliveries_it_holds() => ObserveAsync("classic");

    private static async Task ObserveAsync(string queueType)
    {
        var queue = $"queue-figures-{queueType}-{Guid.NewGuid():N}";
        await using var connection = await Broker.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = queueType });
        try
        {
            for (var i = 0; i < Published; i++)
            {
                var properties = new BasicProperties { Persistent = true, Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) };
                await channel.BasicPublishAsync("", queue, mandatory: true, properties, "{}"u8.ToArray());
            }

            using var http = new HttpClient { Timeout = QueueSourceRegistration.ManagementApiTimeout };
            var source = ManagementOf(http);

            // The management API may list a new queue's message counts before its consumer count (null until its stats
            // are collected): wait for both, or a loaded broker fails the test on a figure it has not computed yet.
            var waiting = await EventuallyAsync(source, queue, q => q.Messages == Published && q.Ready == Published && q.Consumers is not null);
            Assert.Equal((0L, 0), (waiting.Unacknowledged, waiting.Consumers));
            Assert.Equal(QueueKinds.Other, waiting.Kind);
            if (queueType == "classic")
                Assert.InRange(waiting.OldestMessageAgeSeconds!.Value, 0, 120);
            else
                Assert.Null(waiting.OldestMessageAgeSeconds); // RabbitMQ 3.10 tells no head timestamp for quorum queues

            await using var consuming = await connection.CreateChannelAsync();
            await consuming.BasicQosAsync(prefetchSize: 0, prefetchCount: Prefetch, global: false);
            await consuming.BasicConsumeAsync(queue, autoAck: false, new AsyncEventingBasicConsumer(consuming)); // never acknowledges

            var held = await EventuallyAsync(source, queue, q => q.Consumers == 1 && q.Unacknowledged == Prefetch);
            Assert.Equal((Published, Published - Prefetch), (held.Messages, held.Ready));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
    }

    private static RabbitMqManagementQueues ManagementOf(HttpClient http) => new(
        http,
        new PartnerDirectory([new Partner { Id = "horizont-ev", Name = "Horizont e.V.", Kind = AgencyKind.Provider }]),
        Options.Create(new HeartbeatOptions()),
        Options.Create(new RabbitMqTransportOptions
        {
            Host = Broker.Host,
            ManagementPort = Broker.ManagementPort,
            VHost = Broker.VirtualHost,
            User = Broker.User,
            Pass = Broker.Password,
        }),
        Options.Create(new OperationsOptions()),
        TimeProvider.System,
        NullLogger<RabbitMqManagementQueues>.Instance);

    private static async Task<QueueView> EventuallyAsync(RabbitMqManagementQueues source, string queue, Func<QueueView, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var report = await source.ReadAsync(CancellationToken.None);
            if (report.Error is { } error)
                Assert.Fail(error);
            var view = report.Queues.SingleOrDefault(q => q.Name == queue);
            if (view is not null && condition(view))
                return view;
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"After {clock.Elapsed.TotalSeconds:0} s the management API still says: {view?.ToString() ?? "no such queue"}.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
