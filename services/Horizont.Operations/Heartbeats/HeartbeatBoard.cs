using Horizont.Operations.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Operations.Heartbeats;

public enum InstanceState
{
    /// <summary>Beat within two intervals.</summary>
    Alive,

    /// <summary>Two beats missed.</summary>
    Late,

    /// <summary>Three beats missed: an alert.</summary>
    Gone,
}

/// <summary>One instance as operations sees it.</summary>
public sealed record HeartbeatView(
    string Service,
    string Instance,
    string Version,
    InstanceState State,
    DateTimeOffset StartedAt,
    DateTimeOffset LastBeatAt,
    TimeSpan Interval,
    int? OutboxPending,
    DateTimeOffset? OutboxOldestAt);

/// <summary>
/// Judges every running instance by its own interval and operations' clock. Silence is counted from operations'
/// own start at the earliest: while operations was down nobody could hear the beats.
/// </summary>
public sealed class HeartbeatBoard(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public async Task<IReadOnlyList<HeartbeatView>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var rows = await db.Heartbeats.AsNoTracking().Where(h => h.StoppedAt == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return rows
            .Select(r => new HeartbeatView(r.Service, r.Instance, r.Version, StateOf(now - Max(r.ReceivedAt, _startedAt), r.Interval),
                r.StartedAt, r.ReceivedAt, r.Interval, r.OutboxPending, r.OutboxOldestAt))
            .OrderBy(v => v.Service, StringComparer.Ordinal)
            .ThenBy(v => v.Instance, StringComparer.Ordinal)
            .ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Late once two beats are missed (silence longer than two intervals), gone after three. An instance beats
    /// at the start of its interval, so silence of up to one interval is normal.
    /// </summary>
    public static InstanceState StateOf(TimeSpan silence, TimeSpan interval) =>
        interval <= TimeSpan.Zero ? InstanceState.Alive
        : silence > interval * 3 ? InstanceState.Gone
        : silence > interval * 2 ? InstanceState.Late
        : InstanceState.Alive;
}
