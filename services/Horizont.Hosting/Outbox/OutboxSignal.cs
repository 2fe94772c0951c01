using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Horizont.Hosting.Outbox;

/// <summary>Wakes the dispatcher of one database right after a commit that added outbox rows.</summary>
public sealed class OutboxSignal<TDbContext> : IDisposable
    where TDbContext : DbContext
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled at the same moment; one wake-up is enough.
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Signals after every save. Checking whether outbox rows were added would save the dispatcher one
/// cheap indexed query; inside an explicit transaction the rows become visible only at commit, and
/// the dispatcher's poll interval covers that case.
/// </summary>
internal sealed class OutboxCommitInterceptor<TDbContext>(OutboxSignal<TDbContext> signal) : SaveChangesInterceptor
    where TDbContext : DbContext
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
