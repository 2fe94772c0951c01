using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider declined the referral: <c>Submitted</c> → <c>Declined</c>, with the reason. A decline that
/// crossed the Jugendamt's withdrawal of a referral never answered ends it too.
/// </summary>
internal sealed class ReferralDeclinedConsumer(ProviderEventHandler events) : IConsumer<ReferralDeclined>
{
    public Task Consume(ConsumeContext<ReferralDeclined> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "reasonCode", m.ReasonCode, DeclineReasonCodes.All);
        EventContract.MaxLength(context, "note", m.Note);

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.DeclinedAt), $"Ablehnung (Grund {m.ReasonCode})", referral => referral.Apply(m));
    }
}
