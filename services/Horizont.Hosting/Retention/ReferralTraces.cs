using Horizont.Hosting.Outbox;
using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Retention;

/// <summary>
/// What an erasure takes from the tables both sides share in their store: the file reference of the referral's
/// reminders, and the referral's sent outbox rows (their bodies may hold a name or a free text; they would otherwise stay
/// until <c>Messaging:OutboxRetention</c>). Unsent rows stay: they still have to be delivered.
/// </summary>
public static class ReferralTraces
{
    /// <summary>Tracked changes, saved with the erasure by the caller's <c>SaveChanges</c>.</summary>
    public static async Task EraseReferralTracesAsync(this DbContext db, Guid referralId, CancellationToken cancellationToken)
    {
        foreach (var reminder in await db.Set<Reminder>().Where(r => r.ReferralId == referralId && r.FileReference != "").ToListAsync(cancellationToken))
            reminder.FileReference = "";
        db.Set<OutboxMessage>().RemoveRange(await db.Set<OutboxMessage>().Where(m => m.ReferralId == referralId && m.SentAt != null).ToListAsync(cancellationToken));
    }
}
