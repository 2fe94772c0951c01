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
public sealed class MessagingOptions
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

    /// <summary>How often the bus watchdog checks the bus's health.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BusHealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Restart the bus after it has been unhealthy this long (a receive endpoint that did not come back
    /// after a broker outage); zero switches the watchdog off.
    /// </summary>
    public TimeSpan RestartBusAfter { get; set; } = TimeSpan.FromMinutes(2);
}
