using Horizont.Hosting.Partners;
using MassTransit;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// Turns a partner's agency id into the address a message is sent to. On RabbitMQ a sender writes
/// to the partner's exchange (same name as its queue, bound to it), because re-declaring a quorum
/// queue from the sending side fails with PRECONDITION_FAILED; the queue itself is declared by its
/// owner or, with <see cref="MessagingOptions.DeclarePartnerQueues"/>, at start by the sender.
/// </summary>
public sealed class AgencyEndpoints(PartnerDirectory partners, TransportKind transport)
{
    public TransportKind Transport => transport;

    public Uri AddressOf(string agencyId) => QueueAddress(partners.Get(agencyId).QueueName);

    /// <summary>Where a message for <paramref name="queue"/> is sent: its exchange on RabbitMQ, the queue itself in memory.</summary>
    public Uri QueueAddress(string queue) =>
        transport == TransportKind.RabbitMq
            ? new Uri($"exchange:{queue}")
            : new Uri($"queue:{queue}");

    public Task<ISendEndpoint> GetAsync(ISendEndpointProvider provider, string agencyId) =>
        provider.GetSendEndpoint(AddressOf(agencyId));
}
