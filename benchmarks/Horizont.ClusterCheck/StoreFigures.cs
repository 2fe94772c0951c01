using Horizont.Benchmarks;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.ClusterCheck;

/// <summary>What the stores say at the end: per referral its cases and ledger lines, and the rows both outboxes hold.</summary>
internal sealed record StoreFigures(
    IReadOnlyDictionary<Guid, int> CasesPerReferral,
    IReadOnlyDictionary<Guid, int> SubmitsPerReferral,
    IReadOnlyDictionary<Guid, int> AcceptancesPerReferral,
    int AcceptedInLedger,
    int UnsentRows,
    int RowsSentAfterAFailedSend)
{
    /// <summary>The referral ids of the provider's cases (a referral's case has its id).</summary>
    public static Task<List<Guid>> CaseIdsAsync(AgencyPair pair) =>
        pair.Provider.QueryAsync<CaseDbContext, List<Guid>>(db => db.Cases.Select(c => c.ReferralId).ToListAsync());

    public static async Task<StoreFigures> ReadAsync(AgencyPair pair)
    {
        var cases = await pair.Provider.QueryAsync<CaseDbContext, Dictionary<Guid, int>>(db =>
            db.Cases.GroupBy(c => c.ReferralId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        async Task<Dictionary<Guid, int>> LedgerLines(string kind) => await pair.Jugendamt.QueryAsync<LedgerDbContext, Dictionary<Guid, int>>(db =>
            db.History.Where(h => h.Kind == kind).GroupBy(h => h.ReferralId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        static async Task<(int Unsent, int Retried)> Outbox(DbContext db) =>
            (await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null), await db.Set<OutboxMessage>().CountAsync(m => m.SentAt != null && m.Attempts > 0));
        var ledger = await pair.Jugendamt.QueryAsync<LedgerDbContext, (int Unsent, int Retried)>(Outbox);
        var caseStore = await pair.Provider.QueryAsync<CaseDbContext, (int Unsent, int Retried)>(Outbox);
        return new StoreFigures(cases, await LedgerLines(LedgerHistoryKinds.SubmitReferral), await LedgerLines(nameof(ReferralAccepted)),
            (await pair.AcceptedInLedgerAsync()).Count, ledger.Unsent + caseStore.Unsent, ledger.Retried + caseStore.Retried);
    }
}
