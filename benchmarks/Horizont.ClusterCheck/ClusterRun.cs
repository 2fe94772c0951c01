using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Horizont.Benchmarks;

namespace Horizont.ClusterCheck;

/// <summary>
/// One run: referrals posted to the Jugendamt at a steady rate, the provider's team lead accepting each case as it
/// appears, the mid-stream command (which stops the queue leader's node) started beside the posts once a third are posted,
/// then the count: every referral exactly one case, one <c>SubmitReferral</c> and one <c>ReferralAccepted</c> line in
/// the ledger, and both outboxes empty.
/// </summary>
internal static class ClusterRun
{
    private static readonly Uri Referrals = new("/jugendamt/api/referrals", UriKind.Relative);

    /// <summary>After the last post, how long the cases and acceptances may take to arrive before the run counts what it has.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task<bool> RunAsync(CheckOptions options, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        await using var storage = BenchStorage.Sqlite();
        await using var pair = await AgencyPair.StartAsync(ClusterTransport.Settings(options), storage);
        output.WriteLine(Line($"services up on {options.Nodes} (vhost {options.VirtualHost}) after {clock.Elapsed.TotalSeconds:F1} s"));

        var template = ReferralTemplate.Load();
        var ids = Enumerable.Range(0, options.Referrals).Select(_ => Guid.NewGuid()).ToArray();
        var accepted = new ConcurrentDictionary<Guid, bool>();
        using var stopAccepting = new CancellationTokenSource();
        var acceptor = AcceptAsCasesAppearAsync(pair, accepted, stopAccepting.Token);

        clock.Restart();
        // Run beside the posts, not between them: the node stops while referrals arrive, cases are accepted and outboxes send.
        Task<string?> midstream = Task.FromResult<string?>(null);
        using (var http = pair.Jugendamt.Client(pair.JugendamtKey))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var wait = TimeSpan.FromSeconds((double)i / options.PostsPerSecond) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                if (i == ids.Length / 3)
                    midstream = RunMidstreamAsync(options.MidstreamCommand, output, clock.Elapsed);

                using var body = template.For(ids[i], string.Create(CultureInfo.InvariantCulture, $"CLUSTER-{i:D5}"));
                using var response = await http.PostAsync(Referrals, body);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException($"The intake answered referral {i} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        var posted = clock.Elapsed;
        var midstreamFailure = await midstream;
        output.WriteLine(Line($"{ids.Length} referrals posted in {posted.TotalSeconds:F1} s"));

        var expected = ids.Length + options.ExpectExtra;
        var deadline = clock.Elapsed + Patience;
        while (clock.Elapsed < deadline && (accepted.Count < ids.Length || (await pair.AcceptedInLedgerAsync()).Count < ids.Length))
            await Task.Delay(250);
        var settled = clock.Elapsed;
        await stopAccepting.CancelAsync();
        await acceptor;

        // The outboxes may still mark a last batch sent; give them a moment before they are counted as not empty.
        StoreFigures figures;
        var outboxDeadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while ((figures = await StoreFigures.ReadAsync(pair)).UnsentRows > 0 && clock.Elapsed < outboxDeadline)
            await Task.Delay(250);

        output.WriteLine(Line($"cases and ledger settled after {settled.TotalSeconds:F1} s; outbox rows sent after a failed send: {figures.RowsSentAfterAFailedSend}"));
        var failures = Check(ids, expected, figures, midstreamFailure);
        foreach (var failure in failures)
            output.WriteLine($"  not met: {failure}");
        output.WriteLine(failures.Count == 0
            ? Line($"PASS: {ids.Length} referrals, {figures.CasesPerReferral.Count} cases, each once; {figures.AcceptedInLedger} acceptances, each once in the ledger; outboxes empty")
            : Line($"FAIL: {failures.Count} expectation(s) not met"));
        return failures.Count == 0;
    }

    private static List<string> Check(Guid[] ids, int expected, StoreFigures figures, string? midstream)
    {
        var failures = new List<string>();
        void Expect(bool met, string what)
        {
            if (!met)
                failures.Add(what);
        }

        static int Count(IReadOnlyDictionary<Guid, int> lines, Guid id) => lines.GetValueOrDefault(id);
        Expect(figures.CasesPerReferral.Count == expected, $"{expected} cases expected, {figures.CasesPerReferral.Count} found");
        Expect(ids.All(id => Count(figures.CasesPerReferral, id) == 1),
            $"every referral exactly one case: {ids.Count(id => Count(figures.CasesPerReferral, id) == 0)} without, {ids.Count(id => Count(figures.CasesPerReferral, id) > 1)} with more");
        Expect(figures.CasesPerReferral.Keys.All(ids.Contains), "a case of no referral of this run");
        Expect(ids.All(id => Count(figures.SubmitsPerReferral, id) == 1), "every referral exactly one SubmitReferral line in the ledger");
        Expect(figures.AcceptedInLedger == expected, $"{expected} referrals accepted in the ledger expected, {figures.AcceptedInLedger} found");
        Expect(ids.All(id => Count(figures.AcceptancesPerReferral, id) == 1),
            $"every acceptance exactly once in the ledger: {ids.Count(id => Count(figures.AcceptancesPerReferral, id) == 0)} missing, {ids.Count(id => Count(figures.AcceptancesPerReferral, id) > 1)} twice or more");
        Expect(figures.UnsentRows == 0, $"both outboxes empty: {figures.UnsentRows} rows unsent");
        Expect(midstream is null, $"the mid-stream command: {midstream}");
        return failures;
    }

    /// <summary>Runs the script's mid-stream step (queue check, node stop); null when it succeeded, else what it said.</summary>
    private static async Task<string?> RunMidstreamAsync(string? command, TextWriter output, TimeSpan at)
    {
        if (command is null)
            return null;
        output.WriteLine(Line($"mid-stream at {at.TotalSeconds:F1} s: {command}"));
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start: {command}");
        var said = process.StandardOutput.ReadToEndAsync();
        var complained = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        foreach (var line in (await said + await complained).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            output.WriteLine($"  | {line}");
        return process.ExitCode == 0 ? null : $"exit {process.ExitCode}";
    }

    /// <summary>The provider's team lead accepts every case that has appeared and is not yet accepted, until cancelled.</summary>
    private static async Task AcceptAsCasesAppearAsync(AgencyPair pair, ConcurrentDictionary<Guid, bool> accepted, CancellationToken stop)
    {
        using var http = pair.Provider.Client(pair.ProviderKey);
        while (!stop.IsCancellationRequested)
        {
            var open = (await StoreFigures.CaseIdsAsync(pair)).Where(id => !accepted.ContainsKey(id)).ToList();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
            {
                using var response = await http.PostAsync(new Uri($"/provider/api/cases/{id}/accept", UriKind.Relative), null, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                    accepted[id] = true;
                else
                    throw new InvalidOperationException($"Accepting case {id} was answered with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            });
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Line(FormattableString text) => "cluster-check: " + text.ToString(CultureInfo.InvariantCulture);
}
