using System.Net;
using System.Net.Http.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;

namespace Horizont.IntegrationTests;

/// <summary>
/// The Jugendamt adapter and two providers as separate hosts on a real RabbitMQ, exchanging
/// referrals and answers through their own quorum queues.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class HandoverOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev") : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [BrokerFact]
    public async Task Referral_reaches_only_the_named_provider_and_its_answer_comes_back()
    {
        await using var jugendamt = await StartJugendamtAsync();
        await using var horizont = await StartProviderAsync("horizont-ev");
        await using var brueckenbau = await StartProviderAsync("brueckenbau-ev");

        var forHorizont = Guid.NewGuid();
        var forBrueckenbau = Guid.NewGuid();
        await SubmitAsync(jugendamt, forHorizont, "horizont-ev", "JGH-2026-0101");
        await SubmitAsync(jugendamt, forBrueckenbau, "brueckenbau-ev", "JGH-2026-0102");

        await WaitForCaseAsync(horizont, forHorizont);
        await WaitForCaseAsync(brueckenbau, forBrueckenbau);

        // Each referral went to one queue only: neither provider holds the other's case.
        Assert.Null(await horizont.GetJsonOrNullAsync($"/provider/api/cases/{forBrueckenbau}"));
        Assert.Null(await brueckenbau.GetJsonOrNullAsync($"/provider/api/cases/{forHorizont}"));
        var horizontCases = await horizont.GetJsonOrNullAsync("/provider/api/cases");
        Assert.Equal(1, horizontCases!.Value.GetArrayLength());
        // Not merely refused by the receiver's address check: no copy reached the other provider's queue at all.
        Assert.Equal(0u, await Broker.MessageCountOrZeroAsync("horizont-ev_error"));
        Assert.Equal(0u, await Broker.MessageCountOrZeroAsync("brueckenbau-ev_error"));

        (await horizont.Client.PostAsync($"/provider/api/cases/{forHorizont}/accept", null)).EnsureSuccessStatusCode();
        (await brueckenbau.Client.PostAsJsonAsync($"/provider/api/cases/{forBrueckenbau}/decline", new { reasonCode = "NO_CAPACITY" })).EnsureSuccessStatusCode();

        await WaitForStatusAsync(jugendamt, forHorizont, "Accepted");
        await WaitForStatusAsync(jugendamt, forBrueckenbau, "Declined");

        var export = ExportFolder.Of(jugendamt.DataDirectory);
        await ExportFolder.WaitForFilesAsync(export, $"*{forHorizont}*ReferralAccepted*.json");
        await ExportFolder.WaitForFilesAsync(export, $"*{forBrueckenbau}*ReferralDeclined*.json");
    }

    [BrokerFact]
    public async Task Referral_for_a_provider_that_has_never_started_waits_in_its_queue()
    {
        await using var jugendamt = await StartJugendamtAsync();
        var referralId = Guid.NewGuid();
        await SubmitAsync(jugendamt, referralId, "brueckenbau-ev", "JGH-2026-0103");

        await Eventually.TrueAsync(async () => await Broker.MessageCountAsync("brueckenbau-ev") == 1,
            "the referral to wait in the queue brueckenbau-ev");

        await using var brueckenbau = await StartProviderAsync("brueckenbau-ev");
        await WaitForCaseAsync(brueckenbau, referralId);
        Assert.Equal(0u, await Broker.MessageCountAsync("horizont-ev"));
    }

    private Task<AgencyHost> StartJugendamtAsync() =>
        AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), Broker.TransportSettings(), b => b.AddJugendamt());

    private Task<AgencyHost> StartProviderAsync(string agencyId)
    {
        var settings = Broker.TransportSettings();
        settings["Provider:AgencyId"] = agencyId;
        return AgencyHost.StartAsync(_temp.Sub(agencyId), settings, b => b.AddProvider());
    }

    private static async Task SubmitAsync(AgencyHost jugendamt, Guid referralId, string providerId, string fileReference)
    {
        using var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, providerId, fileReference));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task WaitForCaseAsync(AgencyHost provider, Guid referralId) =>
        Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null,
            $"case {referralId} at the provider");

    private static Task WaitForStatusAsync(AgencyHost jugendamt, Guid referralId, string status) =>
        Eventually.TrueAsync(async () =>
                (await jugendamt.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}"))?.GetProperty("status").GetString() == status,
            $"referral {referralId} to be {status} in the ledger");
}
