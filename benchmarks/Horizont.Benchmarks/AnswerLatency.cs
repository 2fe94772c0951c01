using System.Diagnostics;

namespace Horizont.Benchmarks;

/// <summary>Accept → ledger: the offered rate, what was accepted, and how long each acceptance took to reach the ledger.</summary>
internal sealed record LatencyRun(int Rate, int Accepts, TimeSpan Offered, int Arrived, Percentiles ToLedger, Percentiles AcceptAnswers)
{
    /// <summary>The rate actually offered: below <see cref="Rate"/> when the sender could not keep the schedule.</summary>
    public double OfferedRate => Accepts / Offered.TotalSeconds;
}

/// <summary>
/// The provider's team lead accepts cases at a fixed offered rate (open loop: each accept starts on its schedule, whether
/// or not the earlier ones have been answered); the latency of one is from just before its <c>POST …/accept</c> to the
/// ledger's time of its change to Accepted (<c>Referral.StatusSince</c>, the Jugendamt's clock as its consumer applied
/// <c>ReferralAccepted</c>, just before the commit). Both clocks are this process's.
/// </summary>
internal static class AnswerLatency
{
    public static async Task<LatencyRun> RunAsync(AgencyPair pair, IReadOnlyList<Guid> cases, int rate, int seconds)
    {
        var count = Math.Min(cases.Count, rate * seconds);
        var sentAt = new DateTimeOffset[count];
        var answered = new double[count];
        using var http = pair.Provider.Client(pair.ProviderKey);
        var clock = Stopwatch.StartNew();

        async Task AcceptAsync(int i)
        {
            sentAt[i] = TimeProvider.System.GetUtcNow();
            var sent = clock.Elapsed;
            using var response = await http.PostAsync(new Uri($"/provider/api/cases/{cases[i]}/accept", UriKind.Relative), null);
            response.EnsureSuccessStatusCode();
            answered[i] = (clock.Elapsed - sent).TotalMilliseconds;
        }

        var accepts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            accepts.Add(AcceptAsync(i));
        }

        var offered = clock.Elapsed;
        await Task.WhenAll(accepts);

        var patience = clock.Elapsed + TimeSpan.FromSeconds(60);
        Dictionary<Guid, DateTimeOffset> ledger;
        while ((ledger = await pair.AcceptedInLedgerAsync()).Count < count && clock.Elapsed < patience)
            await Task.Delay(100);
        var toLedger = Enumerable.Range(0, count)
            .Where(i => ledger.ContainsKey(cases[i]))
            .Select(i => (ledger[cases[i]] - sentAt[i]).TotalMilliseconds);
        var latencies = new Percentiles(toLedger);
        return new LatencyRun(rate, count, offered, latencies.Count, latencies, new Percentiles(answered));
    }
}
