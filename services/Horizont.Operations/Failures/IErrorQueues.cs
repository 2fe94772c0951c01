namespace Horizont.Operations.Failures;

/// <summary>
/// The error and skipped queues, where the broker keeps failed messages. Operations reads them without taking
/// anything out; a message leaves only when a replay was confirmed by the broker or its discard was archived.
/// </summary>
public interface IErrorQueues
{
    /// <summary>Null when failures can be read here; otherwise why not (German, for the page).</summary>
    string? UnavailableReason { get; }

    /// <summary>The error queues that exist, with their message counts.</summary>
    Task<IReadOnlyList<ErrorQueueCount>> CountAsync(CancellationToken cancellationToken);

    /// <summary>Reads every message of <paramref name="errorQueue"/> (up to the configured limit) and leaves them in place.</summary>
    Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the messages <paramref name="which"/> picks (by id and group, so that a copy of the same id that failed
    /// otherwise stays) back to their original queue; each leaves the error queue only once the broker confirmed
    /// the send. <paramref name="replayed"/> is called after each.
    /// </summary>
    Task<ActionOutcome> ReplayAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> replayed, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the messages <paramref name="which"/> picks after <paramref name="archive"/> has recorded each; a
    /// message whose archive record failed stays in the error queue.
    /// </summary>
    Task<ActionOutcome> DiscardAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> archive, CancellationToken cancellationToken);
}

public sealed record ErrorQueueCount(string Queue, long Messages);

/// <summary>What an action did: the ids it acted on, and the ids it could not act on with the reason.</summary>
public sealed record ActionOutcome(IReadOnlyList<Guid> Done, IReadOnlyList<ActionFailure> Failed)
{
    public static ActionOutcome Empty { get; } = new([], []);

    public ActionOutcome Add(ActionOutcome other) => new([.. Done, .. other.Done], [.. Failed, .. other.Failed]);
}

public sealed record ActionFailure(Guid MessageId, string Reason);

/// <summary>On the in-memory transport the error queues live inside the process and cannot be read from outside.</summary>
internal sealed class NoErrorQueues : IErrorQueues
{
    public string? UnavailableReason =>
        "Der In-Memory-Transport bewahrt fehlgeschlagene Nachrichten nicht auf. Mit RabbitMQ (Transport=RabbitMq) erscheinen sie hier und lassen sich wiederholen oder verwerfen.";

    public Task<IReadOnlyList<ErrorQueueCount>> CountAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ErrorQueueCount>>([]);

    public Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FailedMessage>>([]);

    public Task<ActionOutcome> ReplayAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> replayed, CancellationToken cancellationToken) =>
        Task.FromResult(ActionOutcome.Empty);

    public Task<ActionOutcome> DiscardAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> archive, CancellationToken cancellationToken) =>
        Task.FromResult(ActionOutcome.Empty);
}
