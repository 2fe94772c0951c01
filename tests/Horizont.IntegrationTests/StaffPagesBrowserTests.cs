using System.Net;
using System.Net.Http.Json;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Operations;
using Horizont.Provider;
using Horizont.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests;

/// <summary>
/// The staff pages of the all-in-one composition (both agencies, operations, the embedded sign-in) in Debian's Chromium:
/// staff of each agency see their own area after signing in, the pages work with the keyboard alone, and no page
/// answers anyone without a session. Screenshots are kept under the test output's <c>screenshots</c> folder.
/// </summary>
public sealed class StaffPagesBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private WebApplication _app = null!;
    private Uri _base = null!;

    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        _base = new Uri($"http://127.0.0.1:{Ports.Free()}");
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseUrls(_base.ToString());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = _temp.Path,
            ["Transport"] = "InMemory",
            ["Security:PublicUrl"] = _base.ToString().TrimEnd('/'),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.AddJugendamt();
        builder.AddProvider();
        builder.AddOperations();
        builder.AddLocalSignIn(onByDefault: true);
        _app = await HorizontHost.BuildAsync(builder);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

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
        Directory.CreateDirectory(Screenshots);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var jugendamt = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE", ViewportSize = new() { Width = 1024, Height = 768 } });
            await jugendamt.GotoAsync(_base.ToString());
            await LocalSignIn.FirstSignInAsync(jugendamt, _temp.Path, "jugendamt");
            await jugendamt.GetByRole(AriaRole.Heading, new() { Name = "Willkommen, jugendamt" }).WaitForAsync();
            var navigation = jugendamt.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
            Assert.Equal(1, await navigation.GetByRole(AriaRole.Link, new() { Name = "Zuweisungen" }).CountAsync());
            Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "Eingang" }).CountAsync());
            Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "Übersicht" }).CountAsync());
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "start-jugendamt.png"), FullPage = true });

            // Keyboard only: the first Tab reaches the skip link, Enter moves the focus to the content.
            await jugendamt.Keyboard.PressAsync("Tab");
            Assert.Equal("Zum Inhalt springen", await jugendamt.EvaluateAsync<string>("() => document.activeElement.textContent"));
            await jugendamt.Keyboard.PressAsync("Enter");
            Assert.Equal("inhalt", await jugendamt.EvaluateAsync<string>("() => document.activeElement.id"));

            var provider = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE", ViewportSize = new() { Width = 1024, Height = 768 } });
            await provider.GotoAsync(_base.ToString());
            await LocalSignIn.FirstSignInAsync(provider, _temp.Path, "eingang");
            await provider.GetByRole(AriaRole.Heading, new() { Name = "Willkommen, eingang" }).WaitForAsync();
            var providerNavigation = provider.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
            Assert.Equal(1, await providerNavigation.GetByRole(AriaRole.Link, new() { Name = "Eingang" }).CountAsync());
            Assert.Equal(0, await providerNavigation.GetByRole(AriaRole.Link, new() { Name = "Zuweisungen" }).CountAsync());
            await provider.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "start-traeger.png"), FullPage = true });

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
            await provider.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "eingang.png"), FullPage = true });
            await row.GetByRole(AriaRole.Button, new() { Name = "Annehmen" }).ClickAsync();
            await provider.GetByText("JGH-2026-0815", new() { Exact = false }).First.WaitForAsync();
            Assert.Equal(0, await provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "JGH-2026-0815" }).CountAsync());

            var ledgerRow = jugendamt.GetByRole(AriaRole.Row).Filter(new() { HasText = "JGH-2026-0815" }).Filter(new() { HasText = "angenommen" });
            await ReloadUntilAsync(jugendamt, "/jugendamt/zuweisungen", ledgerRow);
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "zuweisungen.png"), FullPage = true });
            await ledgerRow.GetByRole(AriaRole.Link, new() { Name = "JGH-2026-0815" }).ClickAsync();
            await jugendamt.GetByText("Zuweisung angenommen").First.WaitForAsync();
            await jugendamt.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "zuweisung.png"), FullPage = true });
        }
    }

    /// <summary>Opens <paramref name="path"/> again (as staff press F5) until <paramref name="wanted"/> shows, for at most 30 s.</summary>
    private async Task ReloadUntilAsync(IPage page, string path, ILocator wanted)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await page.GotoAsync(new Uri(_base, path).ToString());
            if (await wanted.CountAsync() > 0)
                return;
            Assert.True(DateTime.UtcNow < until, $"{path} never showed what the test waited for");
            await Task.Delay(250);
        }
    }
}
