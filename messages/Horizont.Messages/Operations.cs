namespace Horizont.Messages.Operations;

/// <summary>
/// A service instance says it is alive (sent every <c>Operations__HeartbeatInterval</c> to the operations queue).
/// Carries no referral and no personal data: service, instance, version and the state of its outbox.
/// </summary>
public record ServiceHeartbeat
{
    /// <summary>The service and, for an agency's service, the agency: e.g. <c>provider/horizont-ev</c>, <c>operations</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The process: <c>Operations__InstanceId</c>, by default host name and process id.</summary>
    public required string Instance { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset SentAt { get; init; }

    /// <summary>The sender's interval: operations judges lateness by it.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Messages in the service's outbox not yet sent (null when the service has no outbox).</summary>
    public int? OutboxPending { get; init; }

    /// <summary>When the oldest of them was written.</summary>
    public DateTimeOffset? OutboxOldestAt { get; init; }

    /// <summary>The last beat of an instance that is shutting down on purpose: no alert for its silence.</summary>
    public bool Stopping { get; init; }

    /// <summary>
    /// The unsent outbox messages per partner they are for (empty when nothing waits or the service has no outbox), so that
    /// operations sees a partner whose queue is not served even where the broker cannot be asked (the in-memory transport).
    /// </summary>
    public IReadOnlyList<OutboxDestination> OutboxDestinations { get; init; } = [];
}

/// <summary>What waits in one service's outbox for one partner agency.</summary>
public record OutboxDestination
{
    /// <summary>The partner's agency id.</summary>
    public required string AgencyId { get; init; }

    /// <summary>The partner's inbound queue.</summary>
    public required string Queue { get; init; }

    public required int Pending { get; init; }

    /// <summary>When the oldest of them was written.</summary>
    public required DateTimeOffset OldestAt { get; init; }

    /// <summary>
    /// True when the outbox holds them back because nothing can consume that queue (on the in-memory transport: no endpoint
    /// for it in this process). They stay in the outbox, never lost, until the partner's queue is served.
    /// </summary>
    public bool Held { get; init; }
}
