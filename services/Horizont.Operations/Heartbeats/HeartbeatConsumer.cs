using Horizont.Hosting;
using Horizont.Messages.Operations;
using Horizont.Operations.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Operations.Heartbeats;

/// <summary>
/// Keeps the last heartbeat of every instance. A beat older than the one kept (reordered) changes nothing. An
/// instance that says it stops is forgotten; so is an instance of a service that fell silent before a new instance
/// of it started (a restart gets a new instance id): its alert then resolves, because the service is back.
/// </summary>
internal sealed class HeartbeatConsumer(OperationsDbContext db, TimeProvider time) : IConsumer<ServiceHeartbeat>
{
    public async Task Consume(ConsumeContext<ServiceHeartbeat> context)
    {
        var beat = context.Message;
        var service = beat.Service.Cut(100);
        var instance = beat.Instance.Cut(200);
        var now = time.GetUtcNow();
        var row = await db.Heartbeats.FirstOrDefaultAsync(h => h.Service == service && h.Instance == instance, context.CancellationToken);
        if (beat.Stopping)
        {
            if (row is not null && beat.SentAt >= row.SentAt)
            {
                db.Heartbeats.Remove(row);
                await db.SaveChangesAsync(context.CancellationToken);
            }

            return;
        }

        if (row is null)
        {
            // A new instance replaces those of the service that fell silent before it started (a restart under a new
            // id) and those already gone; replicas that keep beating stay.
            var others = await db.Heartbeats.Where(h => h.Service == service).ToListAsync(context.CancellationToken);
            db.Heartbeats.RemoveRange(others.Where(h => h.SentAt <= beat.StartedAt || HeartbeatBoard.StateOf(now - h.ReceivedAt, h.Interval) == InstanceState.Gone));
            row = new InstanceHeartbeat { Service = service, Instance = instance, Version = beat.Version.Cut(64) };
            db.Heartbeats.Add(row);
        }
        else if (beat.SentAt < row.SentAt)
        {
            return;
        }

        row.Version = beat.Version.Cut(64);
        row.StartedAt = beat.StartedAt;
        row.SentAt = beat.SentAt;
        row.ReceivedAt = now;
        row.Interval = beat.Interval;
        row.OutboxPending = beat.OutboxPending;
        row.OutboxOldestAt = beat.OutboxOldestAt;
        await db.SaveChangesAsync(context.CancellationToken);
    }

}
