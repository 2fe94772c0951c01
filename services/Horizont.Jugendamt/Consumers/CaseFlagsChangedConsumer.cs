using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider's flags changed with time alone (<c>AT_RISK</c>, <c>OVERDUE</c>): the referral shows them until a
/// newer statement (a flags status or an hours report) replaces them. The status stays; an ended referral keeps none.
/// </summary>
internal sealed class CaseFlagsChangedConsumer(ProviderEventHandler events) : IConsumer<Messages.CaseFlagsChanged>
{
    public Task Consume(ConsumeContext<Messages.CaseFlagsChanged> context)
    {
        var m = context.Message;
        EventContract.NotNegative(context, "hoursCompleted", m.HoursCompleted);
        var flags = EventContract.Flags(context, m.Flags);
        var what = flags.Count > 0 ? $"Hinweise {string.Join(", ", flags)}" : "Hinweise aufgehoben";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.ChangedAt), what, referral => referral.Apply(m, flags));
    }
}
