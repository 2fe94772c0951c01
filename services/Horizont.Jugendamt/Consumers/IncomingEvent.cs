using Horizont.Hosting.Messaging;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Consumers;

/// <summary>The checks every event from a provider passes before it touches the ledger.</summary>
internal static class IncomingEvent
{
    /// <summary>
    /// The referral the event is about. Throws <see cref="InvalidMessageException"/> (straight to the
    /// error queue; ids only) when the event is addressed to another agency, the referral is unknown,
    /// or the sender is not the provider the referral was handed to.
    /// </summary>
    public static async Task<Referral> FindReferralAsync(
        LedgerDbContext db, JugendamtAgency agency, ConsumeContext context, Guid referralId, string senderAgencyId, string receiverAgencyId, string eventType)
    {
        if (context.MessageId is null)
            throw new InvalidMessageException($"{eventType} for referral {referralId} has no message id.");
        if (!string.Equals(receiverAgencyId, agency.Id, StringComparison.Ordinal))
            throw new InvalidMessageException($"{eventType} {context.MessageId}: receiverAgencyId '{receiverAgencyId}' is not this agency '{agency.Id}'.");

        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId, context.CancellationToken)
            ?? throw new InvalidMessageException($"{eventType} {context.MessageId}: referral {referralId} is not in the ledger of {agency.Id}.");
        if (!string.Equals(referral.ProviderId, senderAgencyId, StringComparison.Ordinal))
        {
            throw new InvalidMessageException(
                $"{eventType} {context.MessageId}: senderAgencyId '{senderAgencyId}' is not the provider of referral {referralId} ('{referral.ProviderId}').");
        }

        return referral;
    }
}
