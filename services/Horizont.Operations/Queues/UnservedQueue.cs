using Horizont.Operations.Heartbeats;

namespace Horizont.Operations.Queues;

/// <summary>
/// A partner queue in which messages wait while nothing consumes them: its depth and the age of its oldest message
/// (null where nobody can tell: RabbitMQ's quorum queues do not report it).
/// </summary>
/// <param name="Queue">The partner's inbound queue, e.g. <c>brueckenbau-ev</c>.</param>
/// <param name="Messages">Messages waiting: in the broker's queue, or held back in the senders' outboxes.</param>
/// <param name="OldestAt">When the oldest of them was written or enqueued, where known.</param>
/// <param name="Source"><see cref="Broker"/> or <see cref="Outbox"/>: where the figures come from.</param>
/// <param name="HeldBy">The services whose outbox holds them back (source <see cref="Outbox"/>); empty otherwise.</param>
public sealed record UnservedQueue(string Queue, long Messages, DateTimeOffset? OldestAt, string Source, IReadOnlyList<string> HeldBy)
{
    /// <summary>The broker's figures: an agency queue without consumers and with messages.</summary>
    public const string Broker = "broker";

    /// <summary>
    /// The heartbeats' held destinations: on the in-memory transport a message for a partner no endpoint of the process
    /// serves stays in the sender's outbox, and only the sender's heartbeat tells of it.
    /// </summary>
    public const string Outbox = "outbox";

    /// <summary>
    /// The unserved queues of one picture, by queue name. From the broker: agency queues with messages and no consumer.
    /// From the heartbeats: each service's held destinations as its most recent instance that still reports tells them
    /// (instances of one service share one outbox, so they are not added up); the services are added up.
    /// </summary>
    public static IReadOnlyList<UnservedQueue> Of(QueueReport? queues, IReadOnlyList<HeartbeatView>? heartbeats)
    {
        var found = new List<UnservedQueue>();
        if (queues is { Error: null })
        {
            found.AddRange(queues.Queues
                .Where(q => q.Kind == QueueKinds.Agency && q.Consumers == 0 && q.Messages > 0)
                .Select(q => new UnservedQueue(
                    q.Name,
                    q.Messages!.Value,
                    q.OldestMessageAgeSeconds is { } age ? queues.ReadAt - TimeSpan.FromSeconds(age) : null,
                    Broker,
                    [])));
        }

        if (heartbeats is not null)
        {
            found.AddRange(heartbeats
                .Where(h => h.State != InstanceState.Gone)
                .GroupBy(h => h.Service, StringComparer.Ordinal)
                .Select(g => g.MaxBy(h => h.LastBeatAt)!)
                .SelectMany(h => (h.OutboxDestinations ?? []).Where(d => d.Held && d.Pending > 0).Select(d => (h.Service, Destination: d)))
                .GroupBy(x => x.Destination.Queue, StringComparer.Ordinal)
                .Select(g => new UnservedQueue(
                    g.Key,
                    g.Sum(x => (long)x.Destination.Pending),
                    g.Min(x => x.Destination.OldestAt),
                    Outbox,
                    g.Select(x => x.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())));
        }

        return found
            .GroupBy(q => q.Queue, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : new UnservedQueue(
                g.Key,
                g.Sum(q => q.Messages),
                g.Min(q => q.OldestAt),
                string.Join('+', g.Select(q => q.Source).Distinct(StringComparer.Ordinal)),
                g.SelectMany(q => q.HeldBy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(q => q.Queue, StringComparer.Ordinal)
            .ToList();
    }
}
