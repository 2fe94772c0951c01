using Horizont.Hosting.Partners;
using MassTransit;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Turns a partner's agency id into the address a message is sent to. On RabbitMQ a sender writes to its own outbound
/// exchange for the partner's queue (<see cref="BrokerNames.Outbound"/>), which the operator binds to the partner's
/// exchange (ADR 0011): re-declaring the partner's quorum queue from the sending side fails with PRECONDITION_FAILED
/// (ADR 0003), and declaring the partner's own exchange would need configure permission on the partner's names. The
/// queue itself is declared by its owner, by provisioning, or with <see cref="MessagingOptions.DeclarePartnerQueues"/>
/// at start by the sender.
/// </summary>
/// <remarks><c>brokerUser</c>: the RabbitMQ user this process connects as, the prefix of its outbound exchanges.</remarks>
public sealed class AgencyEndpoints(PartnerDirectory partners, TransportKind transport, IEnumerable<IAgencyInbox> localInboxes, string brokerUser = "guest")
{
    private readonly HashSet<string> _localQueues = localInboxes.Select(i => i.Queue).ToHashSet(StringComparer.Ordinal);

    public TransportKind Transport => transport;

    public Uri AddressOf(string agencyId) => QueueAddress(partners.Get(agencyId).QueueName);

    /// <summary>Where a message for <paramref name="queue"/> is sent: this user's outbound exchange for it on RabbitMQ, the queue itself in memory.</summary>
    public Uri QueueAddress(string queue) =>
        transport == TransportKind.RabbitMq
            ? new Uri($"exchange:{BrokerNames.Outbound(brokerUser, queue)}")
            : new Uri($"queue:{queue}");

    public Task<ISendEndpoint> GetAsync(ISendEndpointProvider provider, string agencyId) =>
        provider.GetSendEndpoint(AddressOf(agencyId));

    /// <summary>
    /// Whether messages for <paramref name="agencyId"/> can reach a consumer. On RabbitMQ always: the partner's queue is
    /// durable and waits for it. On the in-memory transport only when this process serves the partner's queue: a message
    /// sent to any other in-memory queue would wait where nobody reads it and die with the process, so the outbox holds
    /// it back instead (and reports it as held).
    /// </summary>
    public bool CanDeliverTo(string agencyId) =>
        transport != TransportKind.InMemory
        || (partners.Find(agencyId) is { } partner && _localQueues.Contains(partner.QueueName));

    /// <summary>The partners whose messages the outbox holds back (<see cref="CanDeliverTo"/> is false); empty on RabbitMQ.</summary>
    public IReadOnlyList<string> HeldDestinations() =>
        transport == TransportKind.InMemory ? [.. partners.All.Select(p => p.Id).Where(id => !CanDeliverTo(id))] : [];
}
