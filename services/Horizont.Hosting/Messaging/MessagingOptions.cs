using System.ComponentModel.DataAnnotations;

namespace Horizont.Hosting.Messaging;

public enum TransportKind
{
    /// <summary>MassTransit's in-memory transport: one process, no broker (the all-in-one default).</summary>
    InMemory,

    /// <summary>RabbitMQ, configured through MassTransit's <c>RabbitMqTransport__*</c> settings.</summary>
    RabbitMq,
}

/// <summary>Settings of the message bus (section <c>Messaging</c>; the transport itself is the top-level key <c>Transport</c>).</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";
    public const string TransportKey = "Transport";

    /// <summary>
    /// Messages a consumer fetches ahead from RabbitMQ. MassTransit's default of 16 cost about 40 % of
    /// throughput on this hardware (docs/toolchain-notes: 200/16 measured best).
    /// </summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 200;

    /// <summary>Messages handled at once per receive endpoint.</summary>
    [Range(1, 1_000)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>Immediate redeliveries for a transient failure before the message goes to the error queue.</summary>
    [Range(0, 20)]
    public int ImmediateRetries { get; set; } = 5;

    /// <summary>
    /// Declare the partners' inbound queues (quorum) at start so that nothing sent before a partner's
    /// first start is lost. Switch off where an operator provisions the broker and the agency's
    /// broker user may not configure its partners' queues.
    /// </summary>
    public bool DeclarePartnerQueues { get; set; } = true;

    /// <summary>How often the outbox dispatcher looks for unsent messages when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one send may wait for the transport (on RabbitMQ: the publisher confirm). A send that takes longer is a
    /// failure: the row backs off and is sent again (same message id), instead of waiting for a confirm that a lost
    /// channel never delivers.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan OutboxSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows one dispatcher pass claims and sends together (their confirms are awaited together).</summary>
    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claim on rows holds. An instance that dies holding rows gives them up after this; it must be longer
    /// than a pass (a send timeout plus the database's time), or another instance may send a row a second time (which
    /// the receiver's inbox then ignores).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The oldest unsent outbox message may be this old before readiness reports the outbox as degraded (operations
    /// alerts on the same figure from the heartbeat).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan OutboxStaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Consecutive dispatcher passes with a send that timed out before the bus is restarted, so that sends continue on
    /// fresh connections and channels; 0 switches it off.
    /// </summary>
    [Range(0, 1_000)]
    public int RestartBusAfterSendTimeouts { get; set; } = 3;

    /// <summary>Sent outbox rows are deleted this long after they were sent (the message id of a resend stays known to the partner's inbox for as long).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox rows (consumed message ids) are deleted this long after they were received: a copy of a message older than this is no longer recognised.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the retention job deletes expired outbox and inbox rows.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the bus watchdog checks the bus's health.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BusHealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Restart the bus after it has been unhealthy this long (a receive endpoint that did not come back
    /// after a broker outage); zero switches the watchdog off.
    /// </summary>
    public TimeSpan RestartBusAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The nodes of a RabbitMQ cluster, <c>host:port,host:port,…</c> (<see cref="Messaging.BrokerNodes"/>): the bus connects to
    /// one of them and, when its node goes, to the next. Empty (the default): the one broker of <c>RabbitMqTransport:Host</c>
    /// and <c>Port</c>. User, password, virtual host and TLS still come from <c>RabbitMqTransport</c>.
    /// </summary>
    public string? BrokerNodes { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Messaging.BrokerNodes.Validate(BrokerNodes, out _) is { } error)
            yield return new ValidationResult(error, [nameof(BrokerNodes)]);
    }
}
