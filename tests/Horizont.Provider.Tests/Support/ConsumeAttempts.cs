using System.Collections.Concurrent;
using MassTransit;

namespace Horizont.Provider.Tests.Support;

/// <summary>Counts consume attempts per message id (a filter placed inside the retry filter sees each retry).</summary>
internal sealed class ConsumeAttempts
{
    private readonly ConcurrentDictionary<Guid, int> _attempts = new();

    public int Of(Guid messageId) => _attempts.GetValueOrDefault(messageId);

    public sealed class Filter<T>(ConsumeAttempts attempts) : IFilter<ConsumeContext<T>>
        where T : class
    {
        public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
        {
            if (context.MessageId is { } id)
                attempts._attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("consumeAttempts");
    }
}
