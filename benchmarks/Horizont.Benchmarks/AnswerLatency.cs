using System.Diagnostics;

namespace Horizont.Benchmarks;

/// <summary>Accept → ledger: the offered rate, what was accepted, and how long each acceptance took to reach the ledger.</summary>
internal sealed record LatencyRun(int Rate, int Accepts, TimeSpan Offered, int Refused, string? FirstRefusal, int Arrived, Percentiles ToLedger, Percentiles AcceptAnswers)
{
    /// <summary>Every accept answered with success and reached the ledger.</summary>
    public bool Complete => Refused == 0 && Arrived == Accepts;

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
        var refused = 0;
        string? firstRefusal = null;
        using var http = pair.Provider.Client(pair.ProviderKey);
        var clock = Stopwatch.StartNew();

        async Task AcceptAsync(int i)
        {
            sentAt[i] = TimeProvider.System.GetUtcNow();
            var sent = clock.Elapsed;
            using var response = await http.PostAsync(new Uri($"/provider/api/cases/{cases[i]}/accept", UriKind.Relative), null);
            answered[i] = (clock.Elapsed - sent).TotalMilliseconds;
            // A refused accept is a measured outcome (the service could not keep up), counted and named, not a crash.
            if (!response.IsSuccessStatusCode && Interlocked.Increment(ref refused) == 1)
                firstRefusal = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
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
        // Only this run's cases count: the ledger also holds the acceptances of earlier runs (the warm-up's).
        var accepted = cases.Take(count).ToHashSet();
        Dictionary<Guid, DateTimeOffset> ledger;
        while ((ledger = await pair.AcceptedInLedgerAsync()).Keys.Count(accepted.Contains) < count - refused && clock.Elapsed < patience)
            await Task.Delay(100);
        var toLedger = Enumerable.Range(0, count)
            .Where(i => ledger.ContainsKey(cases[i]))
            .Select(i => (ledger[cases[i]] - sentAt[i]).TotalMilliseconds);
        var latencies = new Percentiles(toLedger);
        return new LatencyRun(rate, count, offered, refused, firstRefusal, latencies.Count, latencies, new Percentiles(answered));
    }
}
