using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Provider.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Provider.Jobs;

/// <summary>
/// Erases the personal data of cases that ended (declined, completed, withdrawn) longer than
/// <see cref="ProviderOptions.CaseRetention"/> ago; audit action <c>case.erase</c>.
/// </summary>
internal sealed class CaseRetention(
    CaseDbContext db,
    AuditTrail audit,
    IOptions<ProviderOptions> options,
    TimeProvider time,
    ILogger<CaseRetention> logger) : ExpiredRecords<CaseDbContext>(db, audit, options.Value.AgencyId, time, logger)
{
    private readonly TimeSpan _retention = options.Value.CaseRetention;

    public override string Name => "cases";

    protected override string AuditAction => "case.erase";

    protected override IQueryable<Guid> Due(CaseDbContext store, DateTimeOffset now)
    {
        var endedBefore = now - _retention;
        return store.Cases
            .Where(c => Case.EndedStates.Contains(c.State) && c.ErasedAt == null && c.StateSince < endedBefore)
            .OrderBy(c => c.StateSince)
            .Select(c => c.ReferralId);
    }

    protected override async Task<bool> EraseAsync(CaseDbContext store, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var @case = await store.Cases.Include(c => c.HourEntries).SingleAsync(c => c.ReferralId == id, cancellationToken);
        if (!@case.Erase(now, ErasureAudit.RetentionActor, Detail))
            return false;
        await store.EraseReferralTracesAsync(id, cancellationToken);
        return true;
    }
}
