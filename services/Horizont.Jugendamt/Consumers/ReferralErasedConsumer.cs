using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider's answer to the Jugendamt's erasure request: recorded in the referral's history (and exported for the
/// case system); <c>NOT_ENDED</c> is recorded as not applied.
/// </summary>
internal sealed class ReferralErasedConsumer(ProviderEventHandler events) : IConsumer<ReferralErased>
{
    public Task Consume(ConsumeContext<ReferralErased> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "outcome", m.Outcome, ErasureOutcomeCodes.All);
        var caseState = FieldErrors.Shorten(m.CaseState);

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ErasedAt),
            $"Löschung ({m.Outcome}, Fall beim Träger {caseState})", _ => Referral.ErasureAnswer(m, caseState));
    }
}
