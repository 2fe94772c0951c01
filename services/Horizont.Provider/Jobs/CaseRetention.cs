using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Provider.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Provider.Jobs;

/// <summary>
/// Erases the personal data of cases that ended (declined, completed, withdrawn) longer than
/// <see cref="ProviderOptions.CaseRetention"/> ago, one case per transaction, each with an audit row <c>case.erase</c>
/// (subject <c>retention</c>). Another instance erasing the same case at the same moment wins the version check; this
/// one skips the case.
/// </summary>
internal sealed class CaseRetention(
    CaseDbContext db,
    AuditTrail audit,
    IOptions<ProviderOptions> options,
    TimeProvider time,
    ILogger<CaseRetention> logger) : IRetentionTask
{
    public const int BatchSize = 200;

    public const string Detail = "Personenbezogene Daten gelöscht: Aufbewahrungsfrist abgelaufen.";

    public string Name => "cases";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var endedBefore = now - options.Value.CaseRetention;
        var erased = 0;
        List<Guid> due;
        do
        {
            due = await db.Cases
                .Where(c => Case.EndedStates.Contains(c.State) && c.ErasedAt == null && c.StateSince < endedBefore)
                .OrderBy(c => c.StateSince)
                .Select(c => c.ReferralId)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var referralId in due)
            {
                if (await EraseAsync(referralId, now, cancellationToken))
                    erased++;
            }
        }
        while (due.Count == BatchSize);
        return erased;
    }

    private async Task<bool> EraseAsync(Guid referralId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var @case = await db.Cases.Include(c => c.HourEntries).SingleAsync(c => c.ReferralId == referralId, cancellationToken);
        if (!@case.Erase(now, ErasureAudit.RetentionActor, Detail))
            return false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (WriteConflicts.IsConflict(ex))
        {
            logger.LogInformation("Case {ReferralId} changed by another instance while being erased; left to it", referralId);
            return false;
        }

        await audit.RecordErasureAsync("case.erase", ErasureAudit.RetentionActor, @case.ProviderId, referralId, ErasureAudit.Retention, cancellationToken);
        HorizontMetrics.Erased("case");
        logger.LogInformation("Case {ReferralId} erased: retention of {Retention} after its end ran out", referralId, options.Value.CaseRetention);
        return true;
    }
}
