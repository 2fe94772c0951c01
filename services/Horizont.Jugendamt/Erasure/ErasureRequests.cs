using Horizont.Hosting.Data;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Endpoints;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Erasure;

/// <summary>What became of a caseworker's request to erase one referral.</summary>
public abstract record ErasureOutcome
{
    private ErasureOutcome()
    {
    }

    /// <summary>Erased in the ledger now; the <c>EraseReferral</c> to the provider is in the outbox.</summary>
    public sealed record Sent(ReferralListItem Referral) : ErasureOutcome;

    /// <summary>Erased before (retention or an earlier request); nothing sent again.</summary>
    public sealed record AlreadyErased(ReferralListItem Referral) : ErasureOutcome;

    public sealed record NotFound : ErasureOutcome;

    /// <summary>The referral still runs, or changed meanwhile; the German reason.</summary>
    public sealed record NotAllowed(string Reason) : ErasureOutcome;
}

/// <summary>
/// The right to erasure for one referral, on the Jugendamt's side (the route <c>POST referrals/{id}/erase</c>): erases the
/// ledger's personal data of an ended referral and, in the same transaction, queues <see cref="EraseReferral"/> for its
/// provider, which erases its case and answers <see cref="ReferralErased"/>. A running referral is refused: erasure is for
/// ended referrals; withdraw it first.
/// </summary>
public sealed class ErasureRequests(LedgerDbContext db, JugendamtAgency agency, TimeProvider time, ILogger<ErasureRequests> logger)
{
    public async Task<ErasureOutcome> RequestAsync(Guid referralId, string actor, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
            return new ErasureOutcome.NotFound();
        if (referral.WhyNotErase() is { } whyNot)
            return new ErasureOutcome.NotAllowed(whyNot);
        if (referral.ErasedAt is not null)
            return new ErasureOutcome.AlreadyErased(ReferralListItem.From(referral));

        var now = time.GetUtcNow();
        var message = new EraseReferral { ReferralId = referral.Id, SenderAgencyId = agency.Id, ReceiverAgencyId = referral.ProviderId, RequestedAt = now };
        var outbox = db.EnqueueSend(message, destinationAgencyId: referral.ProviderId, referral.Id, now);
        await referral.EraseAsync(db, now, actor,
            $"Personenbezogene Daten auf Antrag gelöscht; Löschung an {referral.ProviderId} gesendet.", cancellationToken, outbox.MessageId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.IsConflict(ex))
        {
            return new ErasureOutcome.NotAllowed("Die Zuweisung wurde gerade anderweitig geändert. Bitte neu laden und prüfen.");
        }

        logger.LogInformation("Referral {ReferralId} erased on request; EraseReferral {MessageId} queued for {ProviderId}", referral.Id, outbox.MessageId, referral.ProviderId);
        return new ErasureOutcome.Sent(ReferralListItem.From(referral));
    }
}
