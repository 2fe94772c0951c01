using System.Collections.Concurrent;
using MassTransit;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>Records how each message id was consumed (null for success, else the fault), so a test can wait for it.</summary>
internal sealed class ConsumeWatcher : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<Exception?>> _outcomes = new();

    /// <summary>Waits until <paramref name="messageId"/> has been consumed <paramref name="times"/> times; the outcomes in order.</summary>
    public Task<Exception?[]> Consumed(Guid messageId, int times = 1) =>
        Eventually.Until(() => Task.FromResult(Outcomes(messageId)), o => o.Length >= times, $"message {messageId} consumed {times} time(s)");

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        Record(context.MessageId, null);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        Record(context.MessageId, exception);
        return Task.CompletedTask;
    }

    private Exception?[] Outcomes(Guid messageId) =>
        _outcomes.TryGetValue(messageId, out var outcomes) ? outcomes.ToArray() : [];

    private void Record(Guid? messageId, Exception? outcome)
    {
        if (messageId is { } id)
            _outcomes.GetOrAdd(id, _ => new ConcurrentQueue<Exception?>()).Enqueue(outcome);
    }
}
