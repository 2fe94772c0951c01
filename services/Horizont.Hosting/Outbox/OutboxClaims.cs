using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Claims outbox rows for one dispatcher pass, so that several instances of a service on one database share the work:
/// a row is claimed by one instance at a time (<see cref="OutboxMessage.ClaimedBy"/>, until <see cref="OutboxMessage.ClaimedUntil"/>),
/// and only the oldest unsent row of a referral is ever claimed, so a referral's messages leave one after another in
/// the order they were written, whichever instance sends them. Rows in back-off and rows for held destinations wait.
/// </summary>
/// <remarks>
/// On PostgreSQL the claim statement runs under a transaction-scoped advisory lock, so two instances' claims never
/// interleave (each sees the other's committed claims; a claim is one short statement). On SQLite the statement takes
/// the database's write lock itself; SQLite serves one instance of a service (docs/architecture.md).
/// </remarks>
internal static class OutboxClaims
{
    /// <summary>An arbitrary, fixed key for PostgreSQL's advisory lock around claims ("hzoutbox").</summary>
    private const long AdvisoryLockKey = 0x687A_6F75_7462_6F78;

    /// <returns>The number of rows now claimed under <paramref name="claim"/>.</returns>
    public static async Task<int> ClaimAsync(
        DbContext db, string claim, DateTimeOffset now, TimeSpan lease, int batchSize, IReadOnlyList<string> heldDestinations, CancellationToken cancellationToken)
    {
        var outbox = db.Set<OutboxMessage>();
        var due = outbox
            .Where(m => m.SentAt == null
                && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                && (m.ClaimedUntil == null || m.ClaimedUntil < now)
                && !heldDestinations.Contains(m.DestinationAgencyId)
                && !(m.ReferralId != null && outbox.Any(earlier => earlier.ReferralId == m.ReferralId && earlier.SentAt == null && earlier.Sequence < m.Sequence)))
            .OrderBy(m => m.Sequence)
            .Take(batchSize)
            .Select(m => m.Sequence);
        var until = now + lease;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryLockKey], cancellationToken);
        var claimed = await outbox
            .Where(m => due.Contains(m.Sequence))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }
}
