using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Declares every partner's inbound queue on RabbitMQ exactly as MassTransit's receive endpoint declares it (a durable
/// fanout exchange of the queue's name bound to a durable quorum queue), so a message sent before the partner's first
/// start waits in the partner's queue instead of being dropped as unroutable; and this user's outbound exchange for each
/// partner queue and for operations, bound to the receiver's exchange (ADR 0011). What provisioning does on a broker
/// with a user per agency, done by the service itself on a broker where it may (development, tests). Runs before the bus
/// starts; failure stops the service with the reason.
/// </summary>
internal sealed class PartnerQueueProvisioner(
    PartnerDirectory partners,
    IOptions<RabbitMqTransportOptions> transport,
    IOptions<MessagingOptions> messaging,
    IOptions<HeartbeatOptions> heartbeat,
    ILogger<PartnerQueueProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = transport.Value;
        var factory = new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VHost,
            UserName = options.User,
            Password = options.Pass,
            ClientProvidedName = "horizont-partner-queue-provisioner",
        };
        if (options.UseSsl)
            factory.Ssl = new SslOption { Enabled = true, ServerName = options.Host };

        // On a cluster the first node that answers; a quorum queue declared on any node has its replicas on the others.
        var nodes = BrokerNodes.Parse(messaging.Value.BrokerNodes);
        await using var connection = nodes.Count == 0
            ? await factory.CreateConnectionAsync(cancellationToken)
            : await factory.CreateConnectionAsync(nodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port, factory.Ssl)).ToList(), cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queues = partners.All.Select(p => p.QueueName).Distinct().ToList();
        foreach (var queue in queues)
        {
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
        }

        // Operations' queue is its own to declare; its exchange is enough for the route, and heartbeats sent while
        // operations has never run are not worth keeping.
        var operations = heartbeat.Value.Queue;
        await channel.ExchangeDeclareAsync(operations, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var queue in queues.Append(operations).Distinct())
        {
            var outbound = BrokerNames.Outbound(options.User, queue);
            await channel.ExchangeDeclareAsync(outbound, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeBindAsync(destination: queue, source: outbound, routingKey: "", cancellationToken: cancellationToken);
        }

        logger.LogInformation("Declared {Count} partner queues and the routes of {User} on {Host}, virtual host {VirtualHost}", queues.Count, options.User, connection.Endpoint.HostName, options.VHost);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
