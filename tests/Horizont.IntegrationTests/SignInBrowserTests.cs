using System.Security.Cryptography;
using System.Text;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.SignIn;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests;

/// <summary>
/// The embedded provider's German pages in Debian's Chromium: a member of staff meets the sign-in page,
/// is refused a wrong password, sets a new password in place of the one-time one and comes back to the
/// client with an authorization code. (The whole application's sign-in is the lead's browser test.)
/// </summary>
public sealed class SignInBrowserTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [ChromiumFact]
    public async Task Staff_sign_in_with_the_one_time_password_set_their_own_and_return_to_the_client_with_a_code()
    {
        await using var host = await AgencyHost.StartListeningAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.AddLocalSignIn(onByDefault: true));
        var oneTime = File.ReadAllLines(Path.Combine(_temp.Path, "signin", "initial-passwords.txt"))
            .Select(line => line.Split('\t')).Single(fields => fields[0] == "eingang")[3];
        var callback = new Uri(host.BaseAddress!, "/signin-oidc").ToString();
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var authorize = QueryHelpers.AddQueryString(new Uri(host.BaseAddress!, "/connect/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = "horizont",
            ["response_type"] = "code",
            ["scope"] = "openid profile roles",
            ["redirect_uri"] = callback,
            ["code_challenge"] = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = "browser-state",
        });

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "de-DE" });
            await page.GotoAsync(authorize);
            Assert.Equal("Anmelden – Horizont", await page.TitleAsync());

            await page.GetByLabel("Benutzername").FillAsync("eingang");
            await page.GetByLabel("Passwort").FillAsync("nicht-das-richtige");
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            Assert.Equal("Benutzername oder Passwort ist falsch.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());

            await page.GetByLabel("Passwort").FillAsync(oneTime);
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Neues Passwort festlegen" }).WaitForAsync();

            await page.GetByLabel("Neues Passwort", new() { Exact = true }).FillAsync("Leuchtturm am Kyffhäuser 7");
            await page.GetByLabel("Neues Passwort wiederholen").FillAsync("Leuchtturm am Kyffhäuser 7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Passwort speichern" }).ClickAsync();
            await page.WaitForURLAsync(url => url.StartsWith(callback, StringComparison.Ordinal));

            var query = QueryHelpers.ParseQuery(new Uri(page.Url).Query);
            Assert.False(string.IsNullOrEmpty(query["code"]));
            Assert.Equal("browser-state", query["state"].ToString());
        }
    }
}

/// <summary>A test that needs only Debian's Chromium: skipped with the reason without it, except under <c>CI=true</c>.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Broker.IsCi && Browser.UnavailableReason is { } reason)
            Skip = $"Browser test skipped: {reason}.";
    }
}
