using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// An operator in a real browser, signed in (a session cookie from the test host's sign-in door): opens /ops/, sees
/// the failure group, replays it after the fix, and sees it gone; the archive names whoever was signed in.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrowserTests : IAsyncLifetime, IDisposable
{
    private readonly FailingHandover _handover = new();

    public Task InitializeAsync() => FailingHandover.ResetBrokerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _handover.Dispose();

    [BrowserFact]
    public async Task On_the_operations_page_a_group_is_discarded_with_a_reason_and_another_replayed_with_one_click_each_as_the_signed_in_user()
    {
        await using var jugendamt = await _handover.StartJugendamtAsync();
        await using var provider = await _handover.StartProviderAsync();
        await using var ops = await _handover.StartOperationsAsync(listening: true);
        _handover.Fault.On = true;
        var discarded = Guid.NewGuid();
        await FailingHandover.SubmitAsync(jugendamt, discarded, "JGH-2026-5101");
        var first = (await FailingHandover.WaitForGroupAsync(ops)).GetProperty("id").GetString()!;

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE" });

            // Not signed in, the page stays shut (no identity provider in this test host: 401).
            var shut = await page.GotoAsync(new Uri(ops.BaseAddress!, "/ops/").ToString());
            Assert.Equal(401, shut?.Status);

            // Discard from the group's page, signed in as a.aufsicht: the signed-in name and the reason go into the archive.
            await OpsSignIn.SignInAsync(page, ops, "a.aufsicht");
            await page.GotoAsync(new Uri(ops.BaseAddress!, $"/ops/failures/{first}").ToString());
            FailingHandover.AssertNoPersonalData("the group page", await page.ContentAsync());
            Assert.Contains("Angemeldet als a.aufsicht", await page.InnerTextAsync("body"), StringComparison.Ordinal);
            await page.Locator("summary", new() { HasText = "Alle verwerfen" }).ClickAsync();
            var discardForm = page.Locator("form:has(input[name='_handler'][value='alle-verwerfen'])");
            await discardForm.GetByLabel("Grund").FillAsync("Testnachricht, vom Jugendamt bestätigt");
            await discardForm.GetByRole(AriaRole.Button, new() { Name = "Alle verwerfen" }).ClickAsync();
            await page.WaitForURLAsync("**/ops/?*", new() { Timeout = 90_000 });
            Assert.True(page.Url.Contains("erledigt=verworfen", StringComparison.Ordinal), $"{page.Url}: {await page.InnerTextAsync("body")}");
            Assert.Contains("1 Nachricht verworfen", await page.InnerTextAsync("body"), StringComparison.Ordinal);

            // Another failure: seen on the overview, replayed after the fix with one click, gone.
            var replayed = Guid.NewGuid();
            await FailingHandover.SubmitAsync(jugendamt, replayed, "JGH-2026-5102");
            var second = (await FailingHandover.WaitForGroupAsync(ops)).GetProperty("id").GetString()!;
            await OpsSignIn.SignInAsync(page, ops, "b.betrieb");
            await page.GotoAsync(new Uri(ops.BaseAddress!, "/ops/").ToString());
            Assert.Equal("Betrieb · Horizont", await page.TitleAsync());
            var row = page.Locator($"#failures tr[data-group='{second}']");
            Assert.Equal(1, await row.CountAsync());
            var rowText = await row.InnerTextAsync();
            Assert.Contains("horizont-ev", rowText, StringComparison.Ordinal);
            Assert.Contains("SubmitReferral", rowText, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException", rowText, StringComparison.Ordinal);
            FailingHandover.AssertNoPersonalData("the operations page", await page.ContentAsync());

            _handover.Fault.On = false;
            await row.GetByRole(AriaRole.Button, new() { Name = "Wiederholen" }).ClickAsync();

            // Whatever the answer (done, not done, gone), it lands on the overview with a notice; a loaded CI machine's
            // broker may take a while to confirm the replay.
            await page.WaitForURLAsync("**/ops/?*", new() { Timeout = 90_000 });
            Assert.True(page.Url.Contains("erledigt=wiederholt", StringComparison.Ordinal), $"{page.Url}: {await page.InnerTextAsync("body")}");
            Assert.Contains("1 Nachricht wiederholt.", await page.InnerTextAsync("body"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#failures").CountAsync());
            Assert.Contains("Keine fehlgeschlagenen Nachrichten.", await page.InnerTextAsync("body"), StringComparison.Ordinal);

            await Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{replayed}") is not null, "the replayed referral's case");
            Assert.Null(await provider.GetJsonOrNullAsync($"/provider/api/cases/{discarded}"));
        }

        var archive = (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures/archive")).EnumerateArray().ToList();
        var discard = Assert.Single(archive, a => a.GetProperty("kind").GetString() == "Discarded");
        Assert.Equal("a.aufsicht", discard.GetProperty("actor").GetString());
        Assert.Equal("Testnachricht, vom Jugendamt bestätigt", discard.GetProperty("reason").GetString());
        Assert.Equal(discarded, discard.GetProperty("referralId").GetGuid());
        var replay = Assert.Single(archive, a => a.GetProperty("kind").GetString() == "Replayed");
        Assert.Equal("b.betrieb", replay.GetProperty("actor").GetString());
    }
}
