using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Retention;

/// <summary>What an erasure takes from a referral's reminders (both sides keep them in their store): the file reference.</summary>
public static class ReminderErasure
{
    /// <summary>Blanks the file reference of every reminder of <paramref name="referralId"/>, tracked: saved with the erasure.</summary>
    public static async Task EraseReminderFileReferencesAsync(this DbContext db, Guid referralId, CancellationToken cancellationToken)
    {
        foreach (var reminder in await db.Set<Reminder>().Where(r => r.ReferralId == referralId && r.FileReference != "").ToListAsync(cancellationToken))
            reminder.FileReference = "";
    }
}
