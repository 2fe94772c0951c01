using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Jobs;

/// <summary>
/// Erases the personal data of referrals that ended (declined, completed, withdrawn, closed) and have had no event or
/// document for <see cref="JugendamtOptions.ReferralRetention"/>; audit action <c>referral.erase</c>.
/// </summary>
internal sealed class ReferralRetention(
    LedgerDbContext db,
    AuditTrail audit,
    JugendamtAgency agency,
    IOptions<JugendamtOptions> options,
    TimeProvider time,
    ILogger<ReferralRetention> logger) : ExpiredRecords<LedgerDbContext>(db, audit, agency.Id, time, logger)
{
    private static readonly ReferralStatus[] Ended = [.. Enum.GetValues<ReferralStatus>().Where(ReferralStateMachine.IsEnded)];

    private readonly TimeSpan _retention = options.Value.ReferralRetention;

    public override string Name => "referrals";

    protected override string AuditAction => "referral.erase";

    protected override IQueryable<Guid> Due(LedgerDbContext store, DateTimeOffset now)
    {
        var lastEventBefore = now - _retention;
        return store.Referrals
            .Where(r => Ended.Contains(r.Status) && r.ErasedAt == null && r.UpdatedAt < lastEventBefore)
            .OrderBy(r => r.UpdatedAt)
            .Select(r => r.Id);
    }

    protected override async Task<bool> EraseAsync(LedgerDbContext store, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var referral = await store.Referrals.SingleAsync(r => r.Id == id, cancellationToken);
        return await referral.EraseAsync(store, now, ErasureAudit.RetentionActor, Detail, cancellationToken);
    }
}
