using Horizont.Hosting.Partners;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Declares every partner's inbound queue on RabbitMQ exactly as MassTransit's receive endpoint
/// declares it (a durable fanout exchange of the queue's name bound to a durable quorum queue), so a
/// message sent before the partner's first start waits in the partner's queue instead of being
/// dropped as unroutable. Runs before the bus starts; failure stops the service with the reason.
/// </summary>
internal sealed class PartnerQueueProvisioner(
    PartnerDirectory partners,
    IOptions<RabbitMqTransportOptions> transport,
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

        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var queue in partners.All.Select(p => p.QueueName).Distinct())
        {
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
        }

        logger.LogInformation("Declared {Count} partner queues on {Host}{VirtualHost}", partners.All.Count, options.Host, options.VHost);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
