using Horizont.Hosting;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// Erledigungsmitteilung: the hours were worked → <c>Completed</c>, with the total and the date. A
/// completion wins over a withdrawal it crossed; it also fills in a completion that was known only from
/// the provider's acknowledgement of the withdrawal (<c>ALREADY_COMPLETED</c>).
/// </summary>
internal sealed class ReferralCompletedConsumer(ProviderEventHandler events) : IConsumer<ReferralCompleted>
{
    public Task Consume(ConsumeContext<ReferralCompleted> context)
    {
        var m = context.Message;
        EventContract.NotNegative(context, "totalHours", m.TotalHours);

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ReportedAt),
            $"Erledigung am {GermanText.Date(m.CompletedOn)} mit {GermanText.Hours(m.TotalHours)} Stunden", referral => referral.Apply(m));
    }
}
