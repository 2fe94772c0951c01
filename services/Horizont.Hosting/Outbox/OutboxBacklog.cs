using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Outbox;

/// <summary>What is waiting in one store's outbox.</summary>
/// <param name="Store">the store's short name, e.g. <c>Case</c> or <c>Ledger</c></param>
/// <param name="Pending">rows not yet sent</param>
/// <param name="OldestCreatedAt">when the oldest of them was written; null when nothing waits</param>
/// <param name="ReadAt">when the database was read</param>
/// <param name="Destinations">the same per partner agency the rows are for (only partners with rows waiting)</param>
public sealed record OutboxBacklogSnapshot(string Store, int Pending, DateTimeOffset? OldestCreatedAt, DateTimeOffset ReadAt, IReadOnlyList<OutboxDestinationBacklog> Destinations)
{
    /// <summary>How old the oldest unsent row was when the database was read; zero when nothing waits.</summary>
    public TimeSpan OldestAge => OldestCreatedAt is { } oldest && oldest < ReadAt ? ReadAt - oldest : TimeSpan.Zero;
}

/// <summary>The unsent rows of one outbox for one partner agency.</summary>
public sealed record OutboxDestinationBacklog(string AgencyId, int Pending, DateTimeOffset OldestCreatedAt);

/// <summary>Reads the backlog of one store's outbox; one per store in the process.</summary>
public interface IOutboxBacklog
{
    /// <summary><c>typeof(TContext).Name</c> without its trailing <c>DbContext</c>: <c>Case</c>, <c>Ledger</c>.</summary>
    string Store { get; }

    /// <summary>The last snapshot read, or null before the first read.</summary>
    OutboxBacklogSnapshot? Last { get; }

    /// <summary>Reads the backlog now and remembers it as <see cref="Last"/>.</summary>
    Task<OutboxBacklogSnapshot> ReadAsync(CancellationToken cancellationToken);
}

internal sealed class OutboxBacklog<TContext>(IServiceScopeFactory scopes, TimeProvider time) : IOutboxBacklog
    where TContext : DbContext
{
    private OutboxBacklogSnapshot? _last;

    public string Store { get; } = StoreName(typeof(TContext));

    public OutboxBacklogSnapshot? Last => Volatile.Read(ref _last);

    public async Task<OutboxBacklogSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // One statement, so the counts and the oldest agree; the (SentAt, Sequence) index finds the unsent rows.
        var destinations = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .GroupBy(m => m.DestinationAgencyId)
            .Select(g => new OutboxDestinationBacklog(g.Key, g.Count(), g.Min(m => m.CreatedAt)))
            .ToListAsync(cancellationToken);
        destinations.Sort((a, b) => string.CompareOrdinal(a.AgencyId, b.AgencyId));
        var snapshot = new OutboxBacklogSnapshot(
            Store,
            destinations.Sum(d => d.Pending),
            destinations.Count == 0 ? null : destinations.Min(d => d.OldestCreatedAt),
            time.GetUtcNow(),
            destinations);
        Volatile.Write(ref _last, snapshot);
        return snapshot;
    }

    internal static string StoreName(Type context) =>
        context.Name.EndsWith("DbContext", StringComparison.Ordinal) && context.Name.Length > "DbContext".Length
            ? context.Name[..^"DbContext".Length]
            : context.Name;
}
