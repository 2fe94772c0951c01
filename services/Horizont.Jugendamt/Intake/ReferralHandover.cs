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

        var outbox = Add(message, hash, actor, origin);

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

    /// <summary>The ledger entry, its history line and the outbox row of a new referral; not saved yet.</summary>
    private OutboxMessage Add(SubmitReferral message, string hash, string actor, string origin)
    {
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
        return outbox;
    }

    /// <summary>
    /// Hands several validated referrals over in one unit of work, with one query for the ids already known and one
    /// commit: what a file of many rows needs (one commit per row bounds a 10,000-row file by the disk's flushes). Each
    /// referral gets the same ledger entry, history line and outbox row as <see cref="HandOverAsync"/>, and a repeat
    /// within the batch or of an earlier one is judged the same way. When the commit fails because another channel
    /// recorded one of the ids meanwhile, nothing of the batch was saved and each referral is handed over on its own.
    /// </summary>
    /// <returns>One outcome per item, in order.</returns>
    public async Task<IReadOnlyList<HandoverOutcome>> HandOverAllAsync(IReadOnlyList<(SubmitReferral Message, string Origin)> items, string actor, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Message.ReferralId).Distinct().ToList();
        var known = await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.ContentHash, cancellationToken);
        var outcomes = new List<HandoverOutcome>(items.Count);
        var sent = new List<(SubmitReferral Message, Guid MessageId, string Origin)>();
        foreach (var (message, origin) in items)
        {
            var hash = ReferralIds.ContentHash(message);
            if (known.TryGetValue(message.ReferralId, out var knownHash))
            {
                outcomes.Add(AddRepeat(message.ReferralId, knownHash, hash, actor, origin));
                continue;
            }

            sent.Add((message, Add(message, hash, actor, origin).MessageId, origin));
            known[message.ReferralId] = hash;
            outcomes.Add(HandoverOutcome.HandedOver);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var one = new List<HandoverOutcome>(items.Count);
            foreach (var (message, origin) in items)
                one.Add(await HandOverAsync(message, actor, origin, cancellationToken));
            return one;
        }

        foreach (var (message, messageId, origin) in sent)
        {
            logger.LogInformation("Referral {ReferralId} handed over to {ProviderId} as message {MessageId} ({Origin})",
                message.ReferralId, message.ReceiverAgencyId, messageId, origin);
        }

        return outcomes;
    }

    private async Task<HandoverOutcome> RecordRepeatAsync(Referral known, string hash, string actor, string origin, CancellationToken cancellationToken)
    {
        var outcome = AddRepeat(known.Id, known.ContentHash, hash, actor, origin);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>The history line of a repeat of a known id (same content: nothing sent; other content: refused); not saved yet.</summary>
    private HandoverOutcome AddRepeat(Guid referralId, string knownHash, string hash, string actor, string origin)
    {
        var same = string.Equals(knownHash, hash, StringComparison.Ordinal);
        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referralId,
            Time = time.GetUtcNow(),
            Kind = same ? LedgerHistoryKinds.HandoverRepeated : LedgerHistoryKinds.HandoverRefused,
            Actor = actor,
            Detail = same
                ? $"Erneut eingereicht, bereits übergeben; nichts gesendet ({origin})."
                : $"Erneut eingereicht mit anderem Inhalt; abgelehnt, nichts gesendet ({origin}).",
        });

        if (same)
        {
            logger.LogInformation("Referral {ReferralId} was already handed over; nothing sent ({Origin})", referralId, origin);
            return HandoverOutcome.AlreadyHandedOver;
        }

        logger.LogWarning("Referral {ReferralId} was handed over before with other content; refused ({Origin})", referralId, origin);
        return HandoverOutcome.Conflict;
    }

    /// <summary>The German reason given for <see cref="HandoverOutcome.Conflict"/>.</summary>
    public static string ConflictReason(Guid referralId) =>
        $"Die Zuweisung {referralId} wurde bereits mit anderem Inhalt übergeben. Eine Änderung (Stunden, Frist) bitte als Änderungsmitteilung senden, nicht als neue Zuweisung; eine neue Zuweisung braucht eine neue referralId.";
}
