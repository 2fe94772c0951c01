using Horizont.Hosting;
using Horizont.Jugendamt.Data;
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

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.RequestedAt), request, referral =>
        {
            if (ReferralLifecycle.IsEnded(referral.Status))
                return EventOutcome.Ended(referral);
            if (referral.Status == ReferralStatus.WithdrawalRequested)
                return EventOutcome.WithdrawalPending();
            if (referral.ExtensionRequestedAt is { } pending && m.RequestedAt <= pending)
                return EventOutcome.Stale($"ein neuerer Antrag (vom {GermanText.Time(pending)}) liegt schon vor");

            referral.ExtensionReasonCode = m.ReasonCode;
            referral.ExtensionProposedDeadline = m.ProposedDeadline;
            referral.ExtensionRequestedAt = m.RequestedAt;
            return EventOutcome.Apply($"{request} beantragt; bisherige Frist {GermanText.Date(referral.Deadline)}.");
        });
    }
}
