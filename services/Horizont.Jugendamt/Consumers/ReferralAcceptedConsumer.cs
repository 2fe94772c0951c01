using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>The provider took the referral on: <c>Submitted</c> → <c>Accepted</c>.</summary>
internal sealed class ReferralAcceptedConsumer(ProviderEventHandler events) : IConsumer<ReferralAccepted>
{
    public Task Consume(ConsumeContext<ReferralAccepted> context)
    {
        var m = context.Message;
        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.AcceptedAt), "Annahme", referral => referral.Apply(m));
    }
}
