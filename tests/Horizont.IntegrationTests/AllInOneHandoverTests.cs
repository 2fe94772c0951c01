using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Horizont.IntegrationTests;

/// <summary>
/// The newcomer's walk through the README: both agencies in one process on the in-memory transport,
/// fed with the example files from docs/examples.
/// </summary>
public sealed class AllInOneHandoverTests : IDisposable
{
    /// <summary>The examples' deadlines lie in 2027; the host lives on the day they were written.</summary>
    private static readonly DateTimeOffset ExamplesDay = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Example_files_are_handed_over_accepted_and_declined_and_the_answers_come_back()
    {
        var log = new CapturedLog();
        await using var host = await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.Services.AddSingleton<ILogEventSink>(log),
            b => b.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(ExamplesDay)),
            b => b.AddJugendamt(),
            b => b.AddProvider());
        var inbox = Path.Combine(_temp.Path, "jugendamt", "inbox");
        var examples = Path.Combine(RepositoryRoot(), "docs", "examples");
        File.Copy(Path.Combine(examples, "referral.json"), Path.Combine(inbox, "referral.json"));
        File.Copy(Path.Combine(examples, "referrals.csv"), Path.Combine(inbox, "referrals.csv"));
        await File.WriteAllTextAsync(Path.Combine(inbox, "kaputt.json"), "{ \"referralId\": ");

        var cases = await Eventually.GetAsync<JsonElement>(async () =>
        {
            var list = await host.GetJsonOrNullAsync("/provider/api/cases");
            return list?.GetArrayLength() == 3 ? list : null;
        }, "the three example referrals at the provider");

        var rejected = Path.Combine(_temp.Path, "jugendamt", "rejected");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(rejected, "kaputt.json.error.txt"))), "the malformed file in rejected/");
        Assert.True(File.Exists(Path.Combine(rejected, "kaputt.json")));
        Assert.NotEmpty((await File.ReadAllTextAsync(Path.Combine(rejected, "kaputt.json.error.txt"))).Trim());
        Assert.True(File.Exists(Path.Combine(_temp.Path, "jugendamt", "processed", "referral.json")));

        var ids = cases.EnumerateArray().Select(c => c.GetProperty("referralId").GetGuid()).ToList();
        (await host.Client.PostAsync($"/provider/api/cases/{ids[0]}/accept", null)).EnsureSuccessStatusCode();
        (await host.Client.PostAsJsonAsync($"/provider/api/cases/{ids[1]}/decline", new { reasonCode = "NO_CAPACITY", note = "Keine Plätze bis Februar." })).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => await StatusAsync(host, ids[0]) == "Accepted", "the acceptance in the ledger");
        await Eventually.TrueAsync(async () => await StatusAsync(host, ids[1]) == "Declined", "the decline in the ledger");
        Assert.Equal("Submitted", await StatusAsync(host, ids[2]));

        var export = ExportFolder.Of(_temp.Path);
        await ExportFolder.WaitForFilesAsync(export, $"*{ids[0]}*.json");
        await ExportFolder.WaitForFilesAsync(export, $"*{ids[1]}*.json");

        // The examples' young people must not appear in any log line.
        var personal = new[] { "Beispiel", "Musterweg", "Lindenweg", "2007-03-14", "14.03.2007", "000001", "example.org" };
        Assert.DoesNotContain(log.Lines, line => personal.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_referral_for_the_second_provider_never_shows_up_at_the_first()
    {
        await using var host = await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.AddJugendamt(),
            b => b.AddProvider());
        var forBrueckenbau = Guid.NewGuid();
        var forHorizont = Guid.NewGuid();

        using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(forBrueckenbau, "brueckenbau-ev", "JGH-2026-0201")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(forHorizont, "horizont-ev", "JGH-2026-0202")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Sent in order by one dispatcher: once the later referral has arrived, the earlier one has left too.
        await Eventually.TrueAsync(async () => await host.GetJsonOrNullAsync($"/provider/api/cases/{forHorizont}") is not null, "the referral for horizont-ev");
        Assert.Null(await host.GetJsonOrNullAsync($"/provider/api/cases/{forBrueckenbau}"));
        Assert.Equal("Submitted", await StatusAsync(host, forBrueckenbau));
    }

    private static async Task<string?> StatusAsync(AgencyHost host, Guid referralId) =>
        (await host.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}"))?.GetProperty("status").GetString();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Horizont.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Horizont.sln not found above the test's folder.");
    }
}
