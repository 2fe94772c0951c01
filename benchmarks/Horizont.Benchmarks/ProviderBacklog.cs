using System.Diagnostics;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Benchmarks;

/// <summary>One backlog run: how long the restarted provider took until every waiting referral was a case.</summary>
internal sealed record BacklogRun(int Referrals, TimeSpan Queued, TimeSpan StartedIn, TimeSpan AllCases, int CasesSeen)
{
    public bool Complete => CasesSeen >= Referrals;

    /// <summary>Referrals taken from the queue into the case store per second, from the provider's start.</summary>
    public double Rate => CasesSeen / AllCases.TotalSeconds;
}

/// <summary>
/// The provider's own pace, apart from the Jugendamt's: with the provider stopped, N referrals go in as one CSV file
/// until the Jugendamt's outbox has sent them all to the provider's queue; then the provider starts again (in this
/// process, so its code is already compiled) and the time from its start until all N are cases is taken. Inbox, checks,
/// sealed fields and case store per message, with the queue full: what a provider meets after an outage, and the step
/// that sets the pace of the CSV (2b) once the Jugendamt's side is batched.
/// </summary>
internal static class ProviderBacklog
{
    public static async Task<BacklogRun> RunAsync(AgencyPair pair, int referrals, string fileReferencePrefix)
    {
        var casesBefore = await pair.CaseCountAsync();
        var ledgerBefore = await CsvHandover.LedgerCountAsync(pair);
        var staged = await CsvHandover.StageAsync(pair, referrals, fileReferencePrefix);
        var patience = TimeSpan.FromSeconds(Math.Max(60, referrals / 10));
        var queued = TimeSpan.Zero;
        var startedIn = await pair.RestartProviderAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            CsvHandover.MoveIn(pair, staged);
            while ((await CsvHandover.LedgerCountAsync(pair) - ledgerBefore < referrals || await UnsentAsync(pair) > 0) && clock.Elapsed < patience)
                await Task.Delay(50);
            queued = clock.Elapsed;
        });

        var drain = Stopwatch.StartNew();
        int seen;
        while ((seen = await pair.CaseCountAsync() - casesBefore) < referrals && drain.Elapsed < patience)
            await Task.Delay(50);
        return new BacklogRun(referrals, queued, startedIn, startedIn + drain.Elapsed, seen);
    }

    private static Task<int> UnsentAsync(AgencyPair pair) =>
        pair.Jugendamt.QueryAsync<LedgerDbContext, int>(db => db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null));
}
