using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Outbox;

/// <summary>What is waiting in one store's outbox.</summary>
/// <param name="Store">the store's short name, e.g. <c>Case</c> or <c>Ledger</c></param>
/// <param name="Pending">rows not yet sent</param>
/// <param name="OldestCreatedAt">when the oldest of them was written; null when nothing waits</param>
/// <param name="ReadAt">when the database was read</param>
public sealed record OutboxBacklogSnapshot(string Store, int Pending, DateTimeOffset? OldestCreatedAt, DateTimeOffset ReadAt);

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
        var pending = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
        // One statement, so count and oldest agree. The oldest is the first by Sequence (creation order): SQLite
        // cannot take MIN of the outbox's CreatedAt, a DateTimeOffset stored as text; the (SentAt, Sequence) index serves this.
        var oldest = await pending
            .OrderBy(m => m.Sequence)
            .Select(m => new { m.CreatedAt, Count = pending.Count() })
            .FirstOrDefaultAsync(cancellationToken);
        var snapshot = new OutboxBacklogSnapshot(Store, oldest?.Count ?? 0, oldest?.CreatedAt, time.GetUtcNow());
        Volatile.Write(ref _last, snapshot);
        return snapshot;
    }

    internal static string StoreName(Type context) =>
        context.Name.EndsWith("DbContext", StringComparison.Ordinal) && context.Name.Length > "DbContext".Length
            ? context.Name[..^"DbContext".Length]
            : context.Name;
}
