using System.Text.Json;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Intake;

internal enum HandoverOutcome
{
    /// <summary>Recorded in the ledger and queued for the provider.</summary>
    HandedOver,

    /// <summary>The same referral (id and content) was handed over before: nothing is sent again.</summary>
    AlreadyHandedOver,

    /// <summary>The id was handed over before with other content: refused, a change needs an amendment.</summary>
    Conflict,
}

/// <summary>
/// Hands a validated referral over: the ledger entry (status <c>Submitted</c>), its history line and
/// the <c>SubmitReferral</c> in the outbox, all in one <c>SaveChanges</c>. The dispatcher sends it
/// to that provider's own queue only. A repeat of a known id sends nothing.
/// </summary>
internal sealed class ReferralHandover(LedgerDbContext db, TimeProvider time, ILogger<ReferralHandover> logger)
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <param name="message">The validated referral.</param>
    /// <param name="actor">Who hands it over, e.g. <c>ja-nordhausen/intake</c>.</param>
    /// <param name="origin">Where it came from, for the history (file and row, or the API); ids only.</param>
    /// <param name="cancellationToken">Stops before the commit; after it the referral is handed over.</param>
    public async Task<HandoverOutcome> HandOverAsync(SubmitReferral message, string actor, string origin, CancellationToken cancellationToken)
    {
        var hash = ReferralIds.ContentHash(message);
        var known = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == message.ReferralId, cancellationToken);
        if (known is not null)
            return await RecordRepeatAsync(known, hash, actor, origin, cancellationToken);

        var now = time.GetUtcNow();
        var outbox = db.EnqueueSend(message, destinationAgencyId: message.ReceiverAgencyId, message.ReferralId, now);
        db.Referrals.Add(new Referral
        {
            Id = message.ReferralId,
            FileReference = message.FileReference ?? throw new ArgumentException("The referral has no file reference (not validated).", nameof(message)),
            ProviderId = message.ReceiverAgencyId,
            LegalBasis = message.LegalBasis,
            HoursOrdered = message.HoursOrdered,
            Deadline = message.Deadline,
            Status = ReferralStatus.Submitted,
            ContentHash = hash,
            Payload = JsonSerializer.Serialize(message, PayloadJson),
            SubmittedAt = now,
            UpdatedAt = now,
        });
        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = message.ReferralId,
            Time = now,
            Kind = LedgerHistoryKinds.SubmitReferral,
            Actor = actor,
            Detail = $"Zuweisung an {message.ReceiverAgencyId} übergeben ({origin}).",
            MessageId = outbox.MessageId,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another channel may have recorded the same id a moment earlier: then judge it as a repeat.
            db.ChangeTracker.Clear();
            known = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == message.ReferralId, cancellationToken);
            if (known is null)
                throw;
            return await RecordRepeatAsync(known, hash, actor, origin, cancellationToken);
        }

        logger.LogInformation("Referral {ReferralId} handed over to {ProviderId} as message {MessageId} ({Origin})",
            message.ReferralId, message.ReceiverAgencyId, outbox.MessageId, origin);
        return HandoverOutcome.HandedOver;
    }

    private async Task<HandoverOutcome> RecordRepeatAsync(Referral known, string hash, string actor, string origin, CancellationToken cancellationToken)
    {
        var same = string.Equals(known.ContentHash, hash, StringComparison.Ordinal);
        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = known.Id,
            Time = time.GetUtcNow(),
            Kind = same ? LedgerHistoryKinds.HandoverRepeated : LedgerHistoryKinds.HandoverRefused,
            Actor = actor,
            Detail = same
                ? $"Erneut eingereicht, bereits übergeben; nichts gesendet ({origin})."
                : $"Erneut eingereicht mit anderem Inhalt; abgelehnt, nichts gesendet ({origin}).",
        });
        await db.SaveChangesAsync(cancellationToken);

        if (same)
        {
            logger.LogInformation("Referral {ReferralId} was already handed over; nothing sent ({Origin})", known.Id, origin);
            return HandoverOutcome.AlreadyHandedOver;
        }

        logger.LogWarning("Referral {ReferralId} was handed over before with other content; refused ({Origin})", known.Id, origin);
        return HandoverOutcome.Conflict;
    }

    /// <summary>The German reason given for <see cref="HandoverOutcome.Conflict"/>.</summary>
    public static string ConflictReason(Guid referralId) =>
        $"Die Zuweisung {referralId} wurde bereits mit anderem Inhalt übergeben. Eine Änderung (Stunden, Frist) bitte als Änderungsmitteilung senden, nicht als neue Zuweisung; eine neue Zuweisung braucht eine neue referralId.";
}
