using Horizont.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Operations;

/// <summary>An operator in a real browser: opens /ops/, sees the failure group, replays it after the fix, and sees it gone.</summary>
[Collection(BrokerCollection.Name)]
public sealed class BrowserTests : IAsyncLifetime, IDisposable
{
    private readonly FailingHandover _handover = new();

    public Task InitializeAsync() => FailingHandover.ResetBrokerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _handover.Dispose();

    [BrowserFact]
    public async Task The_operations_page_shows_a_failure_group_and_replays_it_with_one_click()
    {
        await using var jugendamt = await _handover.StartJugendamtAsync();
        await using var provider = await _handover.StartProviderAsync();
        await using var ops = await _handover.StartOperationsAsync(listening: true);
        _handover.Fault.On = true;
        var referralId = Guid.NewGuid();
        await FailingHandover.SubmitAsync(jugendamt, referralId, "JGH-2026-5101");
        var group = await FailingHandover.WaitForGroupAsync(ops);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE" });
            await page.GotoAsync(new Uri(ops.BaseAddress!, "/ops/").ToString());
            Assert.Equal("Horizont – Betrieb", await page.TitleAsync());
            var row = page.Locator($"#failures tr[data-group='{group.GetProperty("id").GetString()}']");
            Assert.Equal(1, await row.CountAsync());
            var rowText = await row.InnerTextAsync();
            Assert.Contains("horizont-ev", rowText, StringComparison.Ordinal);
            Assert.Contains("SubmitReferral", rowText, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException", rowText, StringComparison.Ordinal);
            FailingHandover.AssertNoPersonalData("the operations page", await page.ContentAsync());

            _handover.Fault.On = false;
            await row.GetByRole(AriaRole.Button, new() { Name = "Wiederholen" }).ClickAsync();

            await page.WaitForURLAsync("**/ops/?erledigt=*");
            Assert.Contains("1 Nachricht wiederholt.", await page.InnerTextAsync("body"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#failures").CountAsync());
            Assert.Contains("Keine fehlgeschlagenen Nachrichten.", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null, "the replayed referral's case");
    }
}
