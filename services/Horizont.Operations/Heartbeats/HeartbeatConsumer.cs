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
        var rows = await db.Heartbeats.Where(h => h.Service == service).ToListAsync(context.CancellationToken);
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
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
