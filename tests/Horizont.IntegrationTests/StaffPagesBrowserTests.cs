using System.Net;
using System.Net.Http.Json;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests;

/// <summary>
/// The staff pages of the all-in-one composition (both agencies, operations, the embedded sign-in) in Debian's Chromium:
/// staff of each agency see their own area after signing in, the pages work with the keyboard alone, and no page
/// answers anyone without a session. Screenshots are kept under the test output's <c>screenshots</c> folder.
/// </summary>
public sealed class StaffPagesBrowserTests : IAsyncLifetime
{
    private AllInOne _host = null!;
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _host = await AllInOne.StartAsync();
        _app = _host.App;
        _base = _host.Address;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_page_answers_without_a_session()
    {
        var pages = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
        Assert.Contains("/", pages);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _base };

        foreach (var pattern in pages)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", Guid.NewGuid().ToString());
            using var get = await client.GetAsync(path);
            using var post = await client.PostAsync(path, new FormUrlEncodedContent([]));

            // A GET is sent to the sign-in; anything else is refused. Never a page.
            Assert.True(get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.AbsolutePath == "/connect/authorize",
                $"GET {path}: {(int)get.StatusCode} {get.Headers.Location}");
            Assert.True((int)post.StatusCode is 400 or 401, $"POST {path}: {(int)post.StatusCode}");
        }
    }

    [ChromiumFact]
    public async Task Each_agency_sees_its_own_area_after_signing_in_and_the_keyboard_alone_reaches_the_content()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var jugendamt = await _host.SignedInPageAsync(browser, "jugendamt");
            var navigation = jugendamt.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
            Assert.Equal(1, await navigation.GetByRole(AriaRole.Link, new() { Name = "Zuweisungen" }).CountAsync());
            Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "Eingang" }).CountAsync());
            Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "Übersicht" }).CountAsync());
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(AllInOne.Screenshots, "start-jugendamt.png"), FullPage = true });

            // Keyboard only: the first Tab reaches the skip link, Enter moves the focus to the content.
            await jugendamt.Keyboard.PressAsync("Tab");
            Assert.Equal("Zum Inhalt springen", await jugendamt.EvaluateAsync<string>("() => document.activeElement.textContent"));
            await jugendamt.Keyboard.PressAsync("Enter");
            Assert.Equal("inhalt", await jugendamt.EvaluateAsync<string>("() => document.activeElement.id"));

            var provider = await _host.SignedInPageAsync(browser, "eingang");
            var providerNavigation = provider.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
            Assert.Equal(1, await providerNavigation.GetByRole(AriaRole.Link, new() { Name = "Eingang" }).CountAsync());
            Assert.Equal(0, await providerNavigation.GetByRole(AriaRole.Link, new() { Name = "Zuweisungen" }).CountAsync());
            await provider.ScreenshotAsync(new() { Path = Path.Combine(AllInOne.Screenshots, "start-traeger.png"), FullPage = true });

            // The Jugendamt's session does not open the provider's pages, in the same process.
            var refused = await jugendamt.GotoAsync(new Uri(_base, "/provider/eingang").ToString());
            Assert.Equal(403, refused!.Status);

            // A referral from the case system (API key) reaches the provider's Eingang; accepted there, the Jugendamt's
            // ledger and the referral's history show it.
            var referralId = Guid.NewGuid();
            using (var caseSystem = new HttpClient { BaseAddress = _base })
            {
                var key = await _app.Services.IssueApiKeyAsync("fachverfahren", "ja-nordhausen", HorizontRoles.JugendamtCasework);
                caseSystem.DefaultRequestHeaders.Authorization = new("ApiKey", key);
                (await caseSystem.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", "JGH-2026-0815"))).EnsureSuccessStatusCode();
            }

            var row = provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "JGH-2026-0815" });
            await ReloadUntilAsync(provider, "/provider/eingang", row);
            await provider.ScreenshotAsync(new() { Path = Path.Combine(AllInOne.Screenshots, "eingang.png"), FullPage = true });
            await row.GetByRole(AriaRole.Button, new() { Name = "Annehmen" }).ClickAsync();
            await provider.GetByText("JGH-2026-0815", new() { Exact = false }).First.WaitForAsync();
            Assert.Equal(0, await provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "JGH-2026-0815" }).CountAsync());

            var ledgerRow = jugendamt.GetByRole(AriaRole.Row).Filter(new() { HasText = "JGH-2026-0815" }).Filter(new() { HasText = "angenommen" });
            await ReloadUntilAsync(jugendamt, "/jugendamt/zuweisungen", ledgerRow);
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(AllInOne.Screenshots, "zuweisungen.png"), FullPage = true });
            await ledgerRow.GetByRole(AriaRole.Link, new() { Name = "JGH-2026-0815" }).ClickAsync();
            await jugendamt.GetByText("Zuweisung angenommen").First.WaitForAsync();
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(AllInOne.Screenshots, "zuweisung.png"), FullPage = true });
        }
    }

    private Task ReloadUntilAsync(IPage page, string path, ILocator wanted) => _host.ReloadUntilAsync(page, path, wanted);
}
