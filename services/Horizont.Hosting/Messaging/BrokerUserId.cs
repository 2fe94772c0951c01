using MassTransit;
using MassTransit.RabbitMqTransport;
using RabbitMQ.Client;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// RabbitMQ's validated <c>user_id</c> (ADR 0011). Every message this process sends carries its broker user, and the
/// broker refuses a publish whose user_id is not the connection's user, so a receiver knows which agency's user wrote a
/// message and compares it with the sender the body claims (<see cref="ReceivePipelineFilter{TDbContext,TMessage}"/>).
/// MassTransit moves a failed message to the error or skipped queue with all its properties, user_id included, which the
/// broker would refuse from the receiver's connection; so these moves are Horizont's own: the same move with the user id
/// kept in the <see cref="Header"/> header, from where operations restores it on replay.
/// </summary>
public static class BrokerUserId
{
    /// <summary>The header of a moved message that holds the broker user who sent it.</summary>
    public const string Header = "Horizont-Broker-User";

    /// <summary>The validated user id of the message in hand; null on another transport or when the sender set none.</summary>
    public static string? Of(ReceiveContext context) =>
        context.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit) && rabbit.Properties.IsUserIdPresent() ? rabbit.Properties.UserId : null;

    /// <summary>Whether the message in hand came over RabbitMQ (where every message must carry a user id).</summary>
    public static bool IsFromBroker(ReceiveContext context) => context.TryGetPayload(out RabbitMqBasicConsumeContext? _);

    /// <summary>Sets the user id on every message this bus sends over RabbitMQ.</summary>
    internal static void Configure(IRabbitMqBusFactoryConfigurator bus, string user) =>
        bus.ConfigureSend(send => send.UseFilter(new SendFilter(user)));

    /// <summary>A RabbitMQ endpoint's error and skipped moves, keeping the sender's user id in <see cref="Header"/>.</summary>
    internal static void ConfigureMoves(IRabbitMqReceiveEndpointConfigurator endpoint, string queue)
    {
        endpoint.PublishFaults = false;
        endpoint.ConfigureError(error => error.UseFilter(new ErrorMoveFilter(queue)));
        endpoint.ConfigureDeadLetter(skipped => skipped.UseFilter(new SkippedMoveFilter(queue)));
    }

    /// <summary>Moves <paramref name="context"/>'s message to <paramref name="target"/> (exchange and quorum queue of that name) as MassTransit would, without its user id.</summary>
    private static async Task MoveAsync(ReceiveContext context, string target, Action<BasicProperties, SendHeaders> describe)
    {
        if (!context.TryGetPayload(out ChannelContext? channel) || !context.TryGetPayload(out RabbitMqBasicConsumeContext? received))
            throw new InvalidOperationException($"The message on {context.InputAddress} cannot be moved to {target}: it did not come over RabbitMQ.");

        // Once per channel, as MassTransit's own move declares its topology: a burst of failures costs no round trips.
        var declared = channel.GetOrAddPayload(() => new DeclaredTargets());
        if (!declared.Names.ContainsKey(target))
        {
            await channel.ExchangeDeclare(target, ExchangeType.Fanout, durable: true, autoDelete: false, new Dictionary<string, object>(), context.CancellationToken);
            await channel.QueueDeclare(target, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object> { ["x-queue-type"] = "quorum" }, context.CancellationToken);
            await channel.QueueBind(target, target, "", new Dictionary<string, object>(), context.CancellationToken);
            declared.Names.TryAdd(target, true);
        }

        var properties = new BasicProperties(received.Properties);
        var headers = new MoveTransportHeaders(properties);
        if (properties.IsUserIdPresent())
        {
            headers.Set(Header, properties.UserId);
            properties.ClearUserId();
        }

        headers.SetHostHeaders();
        describe(properties, headers);
        try
        {
            await channel.BasicPublishAsync(target, received.RoutingKey, mandatory: true, properties, context.GetBody(), awaitAck: true, context.CancellationToken);
        }
        catch (Exception)
        {
            // The target may have been deleted meanwhile: the next attempt declares it again.
            declared.Names.TryRemove(target, out _);
            throw;
        }
    }

    /// <summary>The error and skipped queues a channel has declared (a payload of the channel: a new channel declares again).</summary>
    private sealed class DeclaredTargets
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Names { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SendFilter(string user) : IFilter<SendContext>
    {
        public Task Send(SendContext context, IPipe<SendContext> next)
        {
            if (context.TryGetPayload(out RabbitMqSendContext? rabbit))
                rabbit.BasicProperties.UserId = user;
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("horizontBrokerUserId");
    }

    /// <summary>In place of MassTransit's fault publishing and error transport (faults are not published: they would carry the message).</summary>
    private sealed class ErrorMoveFilter(string queue) : IFilter<ExceptionReceiveContext>
    {
        public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
        {
            await MoveAsync(context, BrokerNames.Error(queue), (properties, headers) =>
            {
                headers.CopyFrom(context.ExceptionHeaders);
                // As MassTransit's error move: a message in the error queue does not expire.
                properties.ClearExpiration();
            });
            await next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("horizontErrorMove");
    }

    private sealed class SkippedMoveFilter(string queue) : IFilter<ReceiveContext>
    {
        public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
        {
            await MoveAsync(context, BrokerNames.Skipped(queue), (_, headers) => headers.Set(MessageHeaders.Reason, "dead-letter"));
            await next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("horizontSkippedMove");
    }
}
