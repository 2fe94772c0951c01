using Horizont.Hosting.Validation;
using Horizont.Messages;
using MassTransit;

namespace Horizont.Jugendamt.Consumers;

/// <summary>
/// The provider could not take one of the Jugendamt's commands at all (<c>ReferralRefused</c>, sent by its receive
/// pipeline): → <c>Refused</c> (vom Träger zurückgewiesen), with the reason code, the refused message's type and
/// the fields named, so staff see it and send a corrected command instead of waiting for an answer that never
/// comes. The referral remembers how far the case had got; a later report of the provider moves it on as before.
/// </summary>
internal sealed class ReferralRefusedConsumer(ProviderEventHandler events) : IConsumer<ReferralRefused>
{
    /// <summary>Field names shown in the history at most (the history line has room for a few).</summary>
    private const int MaxFieldsShown = 10;

    public Task Consume(ConsumeContext<ReferralRefused> context)
    {
        var m = context.Message;
        EventContract.RequireCode(context, "reasonCode", m.ReasonCode, RefusalReasonCodes.All);
        EventContract.RequireCode(context, "refusedMessageType", m.RefusedMessageType, RefusableCommands);
        var fields = m.Fields is { Count: > 0 }
            ? $"; Felder: {string.Join(", ", m.Fields.Take(MaxFieldsShown).Select(f => FieldErrors.Shorten(f)))}{(m.Fields.Count > MaxFieldsShown ? ", …" : "")}"
            : "";
        var refusal = $"Zurückweisung von {m.RefusedMessageType} (Nachricht {m.RefusedMessageId}, Grund {m.ReasonCode}{fields})";

        return events.HandleAsync(context, new(m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId, m.RefusedAt), refusal, referral => referral.Apply(m, fields));
    }

    /// <summary>The commands the Jugendamt sends, and so the only ones a provider can refuse back to it.</summary>
    private static readonly IReadOnlyList<string> RefusableCommands = [nameof(SubmitReferral), nameof(AmendReferral), nameof(WithdrawReferral)];
}
