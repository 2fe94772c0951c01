using Horizont.Hosting;
using Horizont.Messages.Operations;
using Horizont.Operations.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Operations.Heartbeats;

/// <summary>
/// Keeps the last heartbeat of every instance. A beat older than the one kept (reordered) changes nothing. An
/// instance that says it stops is marked stopped and no longer judged; an instance of a service that fell silent
/// before another instance of it started is forgotten (a restart gets a new instance id): its alert then resolves,
/// because the service is back.
/// </summary>
internal sealed class HeartbeatConsumer(OperationsDbContext db, TimeProvider time) : IConsumer<ServiceHeartbeat>
{
    /// <summary>A stopped instance's record is forgotten after this long.</summary>
    private static readonly TimeSpan KeepStopped = TimeSpan.FromDays(1);

    public async Task Consume(ConsumeContext<ServiceHeartbeat> context)
    {
        var beat = context.Message;
        var service = beat.Service.Cut(100);
        var instance = beat.Instance.Cut(200);
        var now = time.GetUtcNow();
        var rows = await db.Heartbeats.Include(h => h.Destinations).Where(h => h.Service == service).ToListAsync(context.CancellationToken);
        var row = rows.FirstOrDefault(h => h.Instance == instance);
        if (row is not null && (beat.SentAt < row.SentAt || (row.StoppedAt is { } stopped && beat.SentAt <= stopped)))
            return;

        // Instances of the service that fell silent before this one started were restarted under a new id: forget
        // them, so their alert resolves. Replicas that still beat are alive and stay; so do those that started later.
        db.Heartbeats.RemoveRange(rows.Where(h => h != row && (
            (h.StoppedAt is null && h.SentAt <= beat.StartedAt && HeartbeatBoard.StateOf(now - h.ReceivedAt, h.Interval) != InstanceState.Alive)
            || (h.StoppedAt is { } stoppedAt && now - stoppedAt > KeepStopped))));

        if (row is null)
        {
            row = new InstanceHeartbeat { Service = service, Instance = instance, Version = beat.Version.Cut(64) };
            db.Heartbeats.Add(row);
        }

        row.Version = beat.Version.Cut(64);
        row.StartedAt = beat.StartedAt;
        row.SentAt = beat.SentAt;
        row.ReceivedAt = now;
        row.Interval = beat.Interval;
        row.OutboxPending = beat.OutboxPending;
        row.OutboxOldestAt = beat.OutboxOldestAt;
        row.StoppedAt = beat.Stopping ? beat.SentAt : null;
        // A farewell carries no outbox figures: the last ones known stay until the instance is forgotten.
        if (!beat.Stopping)
            KeepDestinations(row, beat.OutboxDestinations ?? []);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The beat's destinations replace the row's: changed in place, new ones added, those no longer reported removed.</summary>
    private static void KeepDestinations(InstanceHeartbeat row, IReadOnlyList<OutboxDestination> reported)
    {
        var latest = reported
            .Where(d => !string.IsNullOrEmpty(d.Queue))
            .GroupBy(d => d.Queue.Cut(HeartbeatDestination.MaxNameLength), StringComparer.Ordinal)
            .Take(HeartbeatDestination.MaxPerBeat)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        row.Destinations.RemoveAll(d => !latest.ContainsKey(d.Queue));
        foreach (var (queue, destination) in latest)
        {
            var kept = row.Destinations.FirstOrDefault(d => d.Queue == queue);
            if (kept is null)
            {
                kept = new HeartbeatDestination { Service = row.Service, Instance = row.Instance, Queue = queue, AgencyId = "" };
                row.Destinations.Add(kept);
            }

            kept.AgencyId = (destination.AgencyId ?? "").Cut(HeartbeatDestination.MaxNameLength);
            kept.Pending = Math.Max(0, destination.Pending);
            kept.OldestAt = destination.OldestAt;
            kept.Held = destination.Held;
        }
    }
}
