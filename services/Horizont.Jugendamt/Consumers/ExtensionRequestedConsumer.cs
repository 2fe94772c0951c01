using Horizont.Hosting;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider asks for a later deadline: the status stays, the request is shown as pending (reason and
/// proposed deadline) until an amendment of the deadline answers it or the referral ends.
/// </summary>
internal sealed class ExtensionRequestedConsumer(ProviderEventHandler events) : IConsumer<ExtensionRequested>
{
    public Task Consume(ConsumeContext<ExtensionRequested> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "reasonCode", m.ReasonCode, ExtensionReasonCodes.All);
        var request = $"Fristverlängerung (Grund {m.ReasonCode}, vorgeschlagen bis {GermanText.Date(m.ProposedDeadline)})";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.RequestedAt), request, referral => referral.Apply(m));
    }
}
