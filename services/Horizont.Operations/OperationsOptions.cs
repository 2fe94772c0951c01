using System.ComponentModel.DataAnnotations;

namespace Horizont.Operations;

/// <summary>Settings of the operations service (section <c>Operations</c>; the heartbeat settings every service shares are in <c>HeartbeatOptions</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>How often queues, error queues and heartbeats are read and the alert rules evaluated.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An error queue whose message count has not changed is read again after this long at the latest.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RescanAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many messages of one error queue are read (and held unacknowledged) per scan.</summary>
    [Range(1, 100_000)]
    public int MaxMessagesPerErrorQueue { get; set; } = 10_000;

    /// <summary>
    /// On RabbitMQ 4 and later, operations reads the error queues only once the operator has exempted them from the
    /// quorum queues' delivery limit (a policy <c>delivery-limit: -1</c>) and says so here: otherwise repeated
    /// reading could make the broker drop failed messages.
    /// </summary>
    public bool ErrorQueuesWithoutDeliveryLimit { get; set; }

    /// <summary>RabbitMQ's management HTTP API (plugin <c>rabbitmq_management</c>); user and password default to the transport's.</summary>
    public ManagementApiOptions Management { get; set; } = new();

    public AlertOptions Alerts { get; set; } = new();
}

public sealed class ManagementApiOptions
{
    /// <summary>By default <c>http://{RabbitMqTransport:Host}:{RabbitMqTransport:ManagementPort}</c> (https with <c>UseSsl</c>).</summary>
    public Uri? Url { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }
}

/// <summary>The alert rules and their thresholds (<c>Operations__Alerts__&lt;Rule&gt;__…</c>).</summary>
public sealed class AlertOptions
{
    public RuleSwitch FailedMessage { get; set; } = new();

    public QueueDepthRule QueueDepth { get; set; } = new();

    /// <summary>"Queue ohne Consumer": messages wait in a partner queue (or are held for it in an outbox) and nothing consumes it, for <c>For</c>.</summary>
    public DurationRule QueueWithoutConsumer { get; set; } = new() { For = TimeSpan.FromMinutes(2) };

    public RuleSwitch HeartbeatMissing { get; set; } = new();

    /// <summary>"Outbox staut": a service's oldest unsent outbox message (not held back) is older than <c>For</c>.</summary>
    public DurationRule OutboxBacklog { get; set; } = new() { For = TimeSpan.FromMinutes(15) };

    /// <summary>A receiver refused a message (contract or addressing): it lies in the receiver's error queue.</summary>
    public RuleSwitch MessageRefused { get; set; } = new();
}

public class RuleSwitch
{
    public bool Enabled { get; set; } = true;
}

/// <summary>A condition that must hold for <see cref="For"/> before the alert is raised.</summary>
public class DurationRule : RuleSwitch
{
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan For { get; set; }
}

public sealed class QueueDepthRule : DurationRule
{
    public QueueDepthRule() => For = TimeSpan.FromMinutes(10);

    /// <summary>Messages waiting in one agency queue above which it counts as too deep.</summary>
    [Range(1, long.MaxValue)]
    public long Threshold { get; set; } = 1_000;
}
