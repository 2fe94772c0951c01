using Horizont.Hosting;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// A work placement (Einsatzstelle) was found: → <c>Placed</c>, with its category and start date. While
/// the hours are already being worked, a new placement changes where, not the status.
/// </summary>
internal sealed class PlacementArrangedConsumer(ProviderEventHandler events) : IConsumer<PlacementArranged>
{
    public Task Consume(ConsumeContext<PlacementArranged> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "category", m.Category, PlacementCategoryCodes.All);
        var placement = $"Einsatzstelle der Kategorie {m.Category} ab {GermanText.Date(m.StartDate)}";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ArrangedAt), $"Vermittlung ({placement})", referral =>
        {
            var blocked = EventOutcome.Blocks(referral, ReferralStatus.Placed);
            if (blocked is not null && !ReferralLifecycle.CanMoveTo(referral, ReferralStatus.InProgress))
                return blocked.Value;
            if (referral.PlacementArrangedAt is { } last && m.ArrangedAt <= last)
                return EventOutcome.Stale($"eine neuere Vermittlung (vom {GermanText.Time(last)}) ist schon übernommen");

            referral.PlacementCategory = m.Category;
            referral.PlacementStartDate = m.StartDate;
            referral.PlacementArrangedAt = m.ArrangedAt;
            if (blocked is not null)
                return EventOutcome.Apply($"Einsatzstelle gewechselt: {placement}; {ReferralLifecycle.Describe(referral.Status)} bleibt.");

            ReferralLifecycle.MoveTo(referral, ReferralStatus.Placed);
            return EventOutcome.Apply($"Vermittelt: {placement}.");
        });
    }
}
