using System.Collections.Concurrent;
using Horizont.Messages;
using Horizont.Operations.Failures;
using MassTransit;
using RabbitMQ.Client;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// The in-memory transport's error queue of horizont-ev, drained into a list, and shown to operations as its
/// RabbitMQ reader would show it (<see cref="FailedMessageReader"/>: the same headers, the same body): so that a test
/// on the in-memory transport sees what a failure leaves behind, and what operations makes of it.
/// </summary>
public sealed class InMemoryErrorQueue : IErrorQueues
{
    public const string Queue = "horizont-ev_error";

    private static readonly IReadOnlySet<string> s_agencies = new HashSet<string>(["ja-nordhausen", "horizont-ev", "brueckenbau-ev"]);

    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    /// <summary>What reached the error queue: the body as the transport carried it, and every transport header as text.</summary>
    public IReadOnlyCollection<Delivery> Deliveries => _deliveries;

    public string? UnavailableReason => null;

    /// <summary>Starts draining the error queue on <paramref name="bus"/>.</summary>
    public Task ConnectAsync(IBus bus) =>
        bus.ConnectReceiveEndpoint(Queue, e => e.Handler<SubmitReferral>(context =>
        {
            var headers = context.ReceiveContext.TransportHeaders.GetAll()
                .ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "", StringComparer.Ordinal);
            _deliveries.Enqueue(new Delivery(context.MessageId ?? Guid.NewGuid(), context.ReceiveContext.Body.GetBytes(), headers));
            return Task.CompletedTask;
        })).Ready;

    public Task<IReadOnlyList<ErrorQueueCount>> CountAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ErrorQueueCount>>(_deliveries.IsEmpty ? [] : [new ErrorQueueCount(Queue, _deliveries.Count)]);

    public Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FailedMessage>>(errorQueue != Queue ? [] : _deliveries.Select(d => FailedMessageReader.Read(Queue, d.AsBrokerDelivery(), s_agencies)).ToList());

    public Task<ActionOutcome> ReplayAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> replayed, CancellationToken cancellationToken) =>
        Task.FromResult(ActionOutcome.Empty);

    public Task<ActionOutcome> DiscardAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> archive, CancellationToken cancellationToken) =>
        Task.FromResult(ActionOutcome.Empty);

    public sealed record Delivery(Guid MessageId, byte[] Body, IReadOnlyDictionary<string, string> Headers)
    {
        public BasicGetResult AsBrokerDelivery() => new(1, false, "", Queue, 0,
            new BasicProperties
            {
                MessageId = MessageId.ToString(),
                ContentType = "application/vnd.masstransit+json",
                Headers = Headers.ToDictionary(h => h.Key, h => (object?)h.Value),
            },
            Body);
    }
}
