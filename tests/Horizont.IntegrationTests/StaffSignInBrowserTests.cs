using Horizont.Hosting;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Operations;
using Horizont.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests;

/// <summary>
/// The whole sign-in as staff meet it, in Debian's Chromium: the operations page sends an anonymous browser to the
/// embedded OpenID Connect provider, the one-time password is replaced, the service's OIDC handler takes the code
/// and opens a session; a member of staff whose role lacks the page is refused, in German; the session cookie never
/// opens a JSON API.
/// </summary>
public sealed class StaffSignInBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private WebApplication _app = null!;
    private Uri _base = null!;

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

    [ChromiumFact]
    public async Task Operations_staff_sign_in_through_the_provider_and_a_member_of_intake_is_refused_the_operations_page()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // Operations: from the page to the sign-in, the new password, and back to the page with a session.
            var operations = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE" });
            await operations.GotoAsync(new Uri(_base, "/ops/").ToString());
            await LocalSignIn.FirstSignInAsync(operations, _temp.Path, "betrieb");
            await operations.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ops/");
            Assert.Equal("Betrieb · Horizont", await operations.TitleAsync());
            Assert.Contains("betrieb", await operations.InnerTextAsync("body"), StringComparison.Ordinal);

            // The session is for pages: the JSON API answers the same browser 401, so another site's form post or
            // script riding on the cookie carries no authority.
            var apiStatus = await operations.EvaluateAsync<int>("async () => (await fetch('/ops/api/queues')).status");
            Assert.Equal(401, apiStatus);

            // Intake staff have no business on the operations page: 403, said in German, with who is signed in.
            var intake = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE" });
            await intake.GotoAsync(new Uri(_base, "/ops/").ToString());
            await LocalSignIn.FirstSignInAsync(intake, _temp.Path, "eingang");
            await intake.GetByRole(AriaRole.Heading, new() { Name = "Keine Berechtigung" }).WaitForAsync();
            Assert.Contains("eingang", await intake.InnerTextAsync("body"), StringComparison.Ordinal);
            Assert.DoesNotContain("Betrieb", await intake.TitleAsync(), StringComparison.Ordinal);
        }
    }
}
