using Horizont.Messages.Operations;
using Horizont.Operations.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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

/// <summary>
/// One instance as operations sees it: with its unsent outbox messages per partner queue at the last beat
/// (<c>Held</c> where nothing consumes the queue), and <c>OutboxStale</c> when its oldest unsent message that is not held
/// back is older than <c>Operations:Alerts:OutboxBacklog:For</c> ("Outbox staut").
/// </summary>
public sealed record HeartbeatView(
    string Service,
    string Instance,
    string Version,
    InstanceState State,
    DateTimeOffset StartedAt,
    DateTimeOffset LastBeatAt,
    TimeSpan Interval,
    int? OutboxPending,
    DateTimeOffset? OutboxOldestAt,
    IReadOnlyList<OutboxDestination> OutboxDestinations,
    bool OutboxStale)
{
    /// <summary>
    /// When the oldest unsent message that the outbox tries to send was written: messages held back for a queue nobody
    /// consumes do not count (they are a queue without consumer, not a stuck outbox). A sender that reports no
    /// destinations is judged by its whole outbox.
    /// </summary>
    public DateTimeOffset? OutboxOldestSendingAt =>
        OutboxDestinations is not { Count: > 0 } destinations ? OutboxOldestAt
        : destinations.Where(d => !d.Held).Select(d => (DateTimeOffset?)d.OldestAt).Min();

    /// <summary>True when the instance still reports and its oldest message being sent is older than <paramref name="after"/>.</summary>
    public static bool IsOutboxStale(InstanceState state, DateTimeOffset? oldestSendingAt, DateTimeOffset now, TimeSpan after) =>
        state != InstanceState.Gone && oldestSendingAt is { } oldest && now - oldest > after;
}

/// <summary>
/// Judges every running instance by its own interval and operations' clock. Silence is counted from operations'
/// own start at the earliest: while operations was down nobody could hear the beats.
/// </summary>
public sealed class HeartbeatBoard(IServiceScopeFactory scopes, IOptions<OperationsOptions> options, TimeProvider time)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public async Task<IReadOnlyList<HeartbeatView>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var rows = await db.Heartbeats.AsNoTracking().Include(h => h.Destinations).Where(h => h.StoppedAt == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var staleAfter = options.Value.Alerts.OutboxBacklog.For;
        return rows
            .Select(r => View(r, StateOf(now - Max(r.ReceivedAt, _startedAt), r.Interval), now, staleAfter))
            .OrderBy(v => v.Service, StringComparer.Ordinal)
            .ThenBy(v => v.Instance, StringComparer.Ordinal)
            .ToList();
    }

    private static HeartbeatView View(InstanceHeartbeat r, InstanceState state, DateTimeOffset now, TimeSpan staleAfter)
    {
        var destinations = r.Destinations
            .OrderBy(d => d.Queue, StringComparer.Ordinal)
            .Select(d => new OutboxDestination { AgencyId = d.AgencyId, Queue = d.Queue, Pending = d.Pending, OldestAt = d.OldestAt, Held = d.Held })
            .ToList();
        var view = new HeartbeatView(r.Service, r.Instance, r.Version, state, r.StartedAt, r.ReceivedAt, r.Interval, r.OutboxPending, r.OutboxOldestAt,
            destinations, OutboxStale: false);
        return view with { OutboxStale = HeartbeatView.IsOutboxStale(state, view.OutboxOldestSendingAt, now, staleAfter) };
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
