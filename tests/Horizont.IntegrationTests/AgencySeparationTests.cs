using System.Net;
using System.Net.Http.Json;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;

namespace Horizont.IntegrationTests;

/// <summary>
/// Both agencies in one process (the all-in-one host): each side's staff see only their own side. A provider's key never
/// reads the Jugendamt's ledger, a Jugendamt's key never reads the provider's cases, and another provider finds nothing.
/// </summary>
public sealed class AgencySeparationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task In_the_all_in_one_host_each_side_reads_only_its_own_data()
    {
        await using var host = await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.AddJugendamt(),
            b => b.AddProvider());
        using var jugendamt = host.KeyClient(await host.IssueKeyAsync("jgh.sachbearbeitung", "ja-nordhausen", HorizontRoles.JugendamtCasework));
        using var provider = host.KeyClient(await host.IssueKeyAsync("traeger.leitung", "horizont-ev", HorizontRoles.ProviderTeamLead));
        using var otherProvider = host.KeyClient(await host.IssueKeyAsync("bruecke.leitung", "brueckenbau-ev", HorizontRoles.ProviderTeamLead));
        var id = Guid.NewGuid();
        (await jugendamt.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", "JGH-2026-SEP"))).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await provider.GetAsync($"/provider/api/cases/{id}")).StatusCode == HttpStatusCode.OK, "the case at the provider");

        // Each side reads its own.
        Assert.Equal(HttpStatusCode.OK, (await jugendamt.GetAsync($"/jugendamt/api/referrals/{id}")).StatusCode);

        // The provider's staff never read the ledger, nor take a Jugendamt step; the Jugendamt's never read the cases.
        foreach (var (client, method, path) in new (HttpClient, HttpMethod, string)[]
                 {
                     (provider, HttpMethod.Get, "/jugendamt/api/referrals"),
                     (provider, HttpMethod.Get, $"/jugendamt/api/referrals/{id}"),
                     (provider, HttpMethod.Post, $"/jugendamt/api/referrals/{id}/withdraw"),
                     (jugendamt, HttpMethod.Get, "/provider/api/cases"),
                     (jugendamt, HttpMethod.Get, $"/provider/api/cases/{id}"),
                     (jugendamt, HttpMethod.Post, $"/provider/api/cases/{id}/accept"),
                 })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("Mustermann", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Another provider's staff find nothing: not the list, not the case, not a step.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/provider/api/cases"), (HttpMethod.Get, $"/provider/api/cases/{id}"), (HttpMethod.Post, $"/provider/api/cases/{id}/accept") })
        {
            using var response = await otherProvider.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Mustermann", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // And nobody without a key reads anything.
        using var anonymous = host.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/jugendamt/api/referrals")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/provider/api/cases")).StatusCode);

        var status = (await jugendamt.GetFromJsonAsync<System.Text.Json.JsonElement>($"/jugendamt/api/referrals/{id}")).GetProperty("status").GetString();
        Assert.Equal("Submitted", status);
    }
}
