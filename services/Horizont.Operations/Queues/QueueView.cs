namespace Horizont.Operations.Queues;

/// <summary>What one queue looks like now. Figures the source cannot tell are null.</summary>
/// <param name="Name">The queue name, e.g. <c>horizont-ev</c> or <c>horizont-ev_error</c>.</param>
/// <param name="Kind">Its role: <see cref="QueueKinds"/>.</param>
/// <param name="Messages">Ready plus unacknowledged.</param>
/// <param name="Ready">Waiting to be delivered.</param>
/// <param name="Unacknowledged">Delivered to a consumer, not yet acknowledged.</param>
/// <param name="Consumers">Consumers attached.</param>
/// <param name="PublishRate">Messages per second arriving (the broker's recent average).</param>
/// <param name="DeliverRate">Messages per second delivered to consumers.</param>
/// <param name="OldestMessageAgeSeconds">Age of the message at the head, where the broker tells it.</param>
/// <param name="Consumed">Messages handled since this process started (in-memory transport only).</param>
/// <param name="Faulted">Messages that failed since this process started (in-memory transport only).</param>
public sealed record QueueView(
    string Name,
    string Kind,
    long? Messages,
    long? Ready,
    long? Unacknowledged,
    int? Consumers,
    double? PublishRate,
    double? DeliverRate,
    double? OldestMessageAgeSeconds,
    long? Consumed = null,
    long? Faulted = null);

/// <summary>The queues as one source saw them at one moment; <see cref="Error"/> says why a source could not be read.</summary>
public sealed record QueueReport(string Source, DateTimeOffset ReadAt, IReadOnlyList<QueueView> Queues, string? Error);

public static class QueueKinds
{
    /// <summary>An agency's inbound queue (Jugendamt or provider).</summary>
    public const string Agency = "agency";

    public const string Error = "error";

    public const string Skipped = "skipped";

    /// <summary>The operations queue (heartbeats).</summary>
    public const string Operations = "operations";

    public const string Other = "other";

    public static string Of(string queue, IReadOnlySet<string> agencyQueues, string operationsQueue) =>
        queue.EndsWith("_error", StringComparison.Ordinal) ? Error
        : queue.EndsWith("_skipped", StringComparison.Ordinal) ? Skipped
        : queue == operationsQueue ? Operations
        : agencyQueues.Contains(queue) ? Agency
        : Other;
}

/// <summary>Where queue figures come from: RabbitMQ's management API, or the bus itself on the in-memory transport.</summary>
public interface IQueueSource
{
    Task<QueueReport> ReadAsync(CancellationToken cancellationToken);
}
