using System.Diagnostics;
using System.Net;

namespace Horizont.Benchmarks;

/// <summary>One handover run: how long the intake took to answer every post, and until every referral was a case.</summary>
internal sealed record HandoverRun(int Referrals, int Clients, TimeSpan AllAnswered, TimeSpan AllCases, int CasesSeen, Percentiles PostAnswers, IReadOnlyList<Guid> ReferralIds)
{
    public bool Complete => CasesSeen >= Referrals;

    /// <summary>Referrals handed over per second, HTTP intake to case store: the figure set against the raw broker rate.</summary>
    public double Rate => CasesSeen / AllCases.TotalSeconds;

    /// <summary>Posts answered (202) per second: the intake alone, ledger and outbox rows written.</summary>
    public double IntakeRate => Referrals / AllAnswered.TotalSeconds;
}

/// <summary>
/// N referrals posted to the Jugendamt (<c>POST /jugendamt/api/referrals</c>) by several clients at once, each posting its
/// next one as soon as the last was answered, and the time until all N are cases in the provider's store: intake,
/// ledger, outbox, broker, the provider's inbox and case store, on both sides' real pipelines.
/// </summary>
internal static class HandoverRate
{
    private static readonly Uri Referrals = new("/jugendamt/api/referrals", UriKind.Relative);

    public static async Task<HandoverRun> RunAsync(AgencyPair pair, ReferralTemplate template, int count, int clients, string fileReferencePrefix)
    {
        var casesBefore = await pair.CaseCountAsync();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var answered = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();

        async Task PostAsync()
        {
            using var http = pair.Jugendamt.Client(pair.JugendamtKey);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var sent = clock.Elapsed;
                using var body = template.For(ids[i], FormattableString.Invariant($"{fileReferencePrefix}-{i:D6}"));
                using var response = await http.PostAsync(Referrals, body);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException(
                        $"The intake answered referral {i} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                answered[i] = (clock.Elapsed - sent).TotalMilliseconds;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => PostAsync()));
        var allAnswered = clock.Elapsed;

        // Patience in proportion to N (at least 10 referrals a second), so that a slow path is measured, not a hang.
        var patience = allAnswered + TimeSpan.FromSeconds(Math.Max(60, count / 10));
        int seen;
        while ((seen = await pair.CaseCountAsync() - casesBefore) < count && clock.Elapsed < patience)
            await Task.Delay(50);
        return new HandoverRun(count, clients, allAnswered, clock.Elapsed, seen, new Percentiles(answered), ids);
    }
}
