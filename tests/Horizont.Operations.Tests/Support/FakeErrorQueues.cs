using Horizont.Operations.Failures;

namespace Horizont.Operations.Tests.Support;

/// <summary>
/// The broker's error queues as a list: a replay takes a message out (as if the broker confirmed it back in its
/// queue), a discard takes it out after its archive record. Enough to see whether an action happened and as whom.
/// </summary>
public sealed class FakeErrorQueues : IErrorQueues
{
    public const string ErrorQueue = "horizont-ev_error";

    private readonly List<FailedMessage> _messages = [];
    private readonly Lock _lock = new();

    public string? UnavailableReason => null;

    public IReadOnlyList<FailedMessage> Messages
    {
        get
        {
            lock (_lock)
                return [.. _messages];
        }
    }

    /// <summary>Puts a failed <c>SubmitReferral</c> into the error queue and returns it (its group id included).</summary>
    public FailedMessage Fail(string exceptionMessage = "Die Fallablage ist nicht erreichbar.")
    {
        var message = new FailedMessage
        {
            MessageId = Guid.NewGuid(),
            ReferralId = Guid.NewGuid(),
            MessageType = "SubmitReferral",
            OriginalQueue = "horizont-ev",
            ErrorQueue = ErrorQueue,
            Reason = "fault",
            ExceptionType = "System.InvalidOperationException",
            ExceptionMessage = exceptionMessage,
            FailedAt = DateTimeOffset.UtcNow,
            Headers = new Dictionary<string, string> { ["MT-Fault-ExceptionType"] = "System.InvalidOperationException" },
        };
        lock (_lock)
            _messages.Add(message);
        return message;
    }

    public Task<IReadOnlyList<ErrorQueueCount>> CountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ErrorQueueCount>>(_messages.Count == 0 ? [] : [new ErrorQueueCount(ErrorQueue, _messages.Count)]);
    }

    public Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<FailedMessage>>(_messages.Where(m => m.ErrorQueue == errorQueue).ToList());
    }

    public Task<ActionOutcome> ReplayAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> replayed, CancellationToken cancellationToken) =>
        TakeAsync(errorQueue, which, replayed);

    public Task<ActionOutcome> DiscardAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> archive, CancellationToken cancellationToken) =>
        TakeAsync(errorQueue, which, archive);

    private async Task<ActionOutcome> TakeAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> record)
    {
        var done = new List<Guid>();
        foreach (var message in (await ReadAsync(errorQueue, CancellationToken.None)).Where(which))
        {
            await record(message);
            lock (_lock)
                _messages.Remove(message);
            done.Add(message.MessageId);
        }

        return new ActionOutcome(done, []);
    }
}
