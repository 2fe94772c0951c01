using Horizont.Hosting;
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

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ArrangedAt),
            $"Vermittlung (Einsatzstelle der Kategorie {m.Category} ab {GermanText.Date(m.StartDate)})", referral => referral.Apply(m));
    }
}
