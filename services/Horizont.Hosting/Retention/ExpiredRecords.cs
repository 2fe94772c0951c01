using Horizont.Hosting.Data;
using Horizont.Hosting.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Horizont.Hosting.Retention;

/// <summary>
/// The retention of one kind of record whose personal data expires (the provider's cases, the Jugendamt's referrals): finds
/// the due records in batches of <see cref="BatchSize"/>, erases each in its own transaction and writes its audit row
/// (<see cref="AuditAction"/>, subject <c>retention</c>, actor <see cref="ErasureAudit.RetentionActor"/>). Another instance
/// erasing the same record at the same moment wins the record's version check; this one skips the record.
/// </summary>
public abstract class ExpiredRecords<TDbContext>(TDbContext db, AuditTrail audit, string agencyId, TimeProvider time, ILogger logger) : IRetentionTask
    where TDbContext : DbContext
{
    public const int BatchSize = 200;

    /// <summary>The history entry's German text of an erasure at the end of the retention period.</summary>
    public const string Detail = "Personenbezogene Daten gelöscht: Aufbewahrungsfrist abgelaufen.";

    public abstract string Name { get; }

    /// <summary>The audit action, e.g. <c>case.erase</c>; its prefix is the metric's <c>what</c>.</summary>
    protected abstract string AuditAction { get; }

    /// <summary>The ids of the records due for erasure at <paramref name="now"/>, not erased yet, oldest first.</summary>
    protected abstract IQueryable<Guid> Due(TDbContext store, DateTimeOffset now);

    /// <summary>Loads the record (tracked) and erases it for the caller's save; false when there was nothing left to erase.</summary>
    protected abstract Task<bool> EraseAsync(TDbContext store, Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var erased = 0;
        List<Guid> due;
        do
        {
            due = await Due(db, now).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                if (await EraseOneAsync(id, now, cancellationToken))
                    erased++;
            }
        }
        while (due.Count == BatchSize);
        return erased;
    }

    private async Task<bool> EraseOneAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (!await EraseAsync(db, id, now, cancellationToken))
            return false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (WriteConflicts.IsConflict(ex))
        {
            logger.LogInformation("Referral {ReferralId} changed by another instance while being erased ({Task}); left to it", id, Name);
            return false;
        }

        await audit.RecordErasureAsync(AuditAction, ErasureAudit.RetentionActor, agencyId, id, ErasureAudit.Retention, cancellationToken);
        HorizontMetrics.Erased(AuditAction.Split('.')[0]);
        logger.LogInformation("Referral {ReferralId} erased ({Task}): its retention period ran out", id, Name);
        return true;
    }
}
