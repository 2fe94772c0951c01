using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.SignIn.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.SignIn.Tests;

public sealed class CodeFlowTests : IAsyncLifetime, IDisposable
{
    // Chosen per test run, as staff choose theirs: no password is written down anywhere, not even in tests.
    private static readonly string NewPassword = $"Neu {Guid.NewGuid():N}";
    private readonly TempDirectory _data = new();
    private SignInHost _host = null!;

    public async Task InitializeAsync() => _host = await SignInHost.StartAsync(_data.Path);

    [Fact]
    public async Task Code_flow_with_PKCE_and_a_new_password_yields_id_and_access_tokens_with_role_and_agency()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);

        var tokens = await flow.FirstSignInAsync("eingang", OneTimePassword("eingang"), NewPassword);

        foreach (var token in new[] { tokens.IdToken, tokens.AccessToken })
        {
            Assert.Equal(["ProviderIntake"], Tokens.Values(token, "role"));
            Assert.Equal(["horizont-ev"], Tokens.Values(token, "agency"));
            Assert.Equal(["eingang"], Tokens.Values(token, "preferred_username"));
            Assert.Single(Tokens.Values(token, "name"));
            Assert.Single(Tokens.Values(token, "sub"));
            Assert.Equal(_host.BaseAddress.AbsoluteUri, token.GetProperty("iss").GetString());
        }

        Assert.Contains("horizont", Tokens.Values(tokens.AccessToken, "aud"));
        Assert.Equal(["horizont"], Tokens.Values(tokens.IdToken, "aud"));
        Assert.Equal("nonce-1", tokens.IdToken.GetProperty("nonce").GetString());

        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.RawAccessToken);
        var answer = await (await browser.SendAsync(userInfo)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["ProviderIntake"], Tokens.Values(answer, "role"));
        Assert.Equal(["horizont-ev"], Tokens.Values(answer, "agency"));
    }

    [Fact]
    public async Task Jugendamt_account_carries_the_jugendamt_agency()
    {
        using var browser = _host.Browser();

        var tokens = await new CodeFlow(browser).FirstSignInAsync("jugendamt", OneTimePassword("jugendamt"), NewPassword);

        Assert.Equal(["JugendamtCasework"], Tokens.Values(tokens.AccessToken, "role"));
        Assert.Equal(["ja-nordhausen"], Tokens.Values(tokens.AccessToken, "agency"));
    }

    [Fact]
    public async Task One_time_password_gives_no_code_until_a_new_password_is_set()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();

        var next = await flow.RedirectOfAsync(await flow.SignInAsync(login, "fallarbeit", OneTimePassword("fallarbeit")));

        Assert.Equal("/account/password", next.AbsolutePath);
        var page = await browser.GetStringAsync(next);
        Assert.Contains("Neues Passwort festlegen", page, StringComparison.Ordinal);
        // Without the new password the authorization endpoint still sends the browser to the sign-in page.
        var again = await flow.AuthorizeAsync();
        Assert.Equal("/account/login", again.AbsolutePath);
    }

    [Fact]
    public async Task New_password_must_differ_from_the_one_time_password_and_be_repeated_exactly()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var oneTime = OneTimePassword("teamleitung");
        var passwordPage = await flow.RedirectOfAsync(await flow.SignInAsync(await flow.AuthorizeAsync(), "teamleitung", oneTime));

        var same = await flow.SetNewPasswordAsync(passwordPage, oneTime);
        var mismatch = await flow.SetNewPasswordAsync(passwordPage, NewPassword, NewPassword + "x");
        var tooShort = await flow.SetNewPasswordAsync(passwordPage, "kurz");

        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("vom Einmalpasswort unterscheiden", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("stimmen nicht überein", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("mindestens 12 Zeichen", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_change_the_one_time_password_no_longer_signs_in_and_the_new_one_does_without_another_change()
    {
        using (var first = _host.Browser())
            await new CodeFlow(first).FirstSignInAsync("betrieb", OneTimePassword("betrieb"), NewPassword);

        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();
        var old = await flow.SignInAsync(login, "betrieb", OneTimePassword("betrieb"));
        var back = await flow.RedirectOfAsync(await flow.SignInAsync(login, "betrieb", NewPassword));
        var tokens = await flow.RedeemAsync(await flow.RedirectOfAsync(await browser.GetAsync(back)));

        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal(["Operations"], Tokens.Values(tokens.AccessToken, "role"));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_German_message_and_no_session()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();

        var response = await flow.SignInAsync(login, "admin", "nicht-das-richtige-Passwort");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\">Benutzername oder Passwort ist falsch.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("nicht-das-richtige-Passwort", page, StringComparison.Ordinal);
        Assert.Equal("/account/login", (await flow.AuthorizeAsync()).AbsolutePath);
    }

    [Fact]
    public async Task Unknown_user_name_gets_the_same_answer_as_a_wrong_password()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();

        var unknown = await flow.SignInAsync(login, "niemand", "irgendein-Passwort");
        var wrong = await flow.SignInAsync(login, "admin", "irgendein-Passwort");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Benutzername oder Passwort ist falsch.", Alert(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(Alert(await wrong.Content.ReadAsStringAsync()), Alert(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();
        for (var attempt = 0; attempt < 5; attempt++)
            await flow.SignInAsync(login, "admin", $"falsch-{attempt}");

        var response = await flow.SignInAsync(login, "admin", OneTimePassword("admin"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("gesperrt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_form_without_its_antiforgery_token_is_refused()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        var login = await flow.AuthorizeAsync();

        var response = await flow.SignInAsync(login, "eingang", OneTimePassword("eingang"), withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Formular ist abgelaufen", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/account/login", (await flow.AuthorizeAsync()).AbsolutePath); // no session was started
    }

    [Fact]
    public async Task Sign_in_page_sends_the_browser_back_only_to_a_path_on_this_site()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        await flow.FirstSignInAsync("fallarbeit", OneTimePassword("fallarbeit"), NewPassword);

        var response = await flow.SignInAsync(new Uri(browser.BaseAddress!, "/account/login?ReturnUrl=https://example.org/"), "fallarbeit", NewPassword);

        Assert.Equal("/", (await flow.RedirectOfAsync(response)).AbsolutePath);
        Assert.Equal(browser.BaseAddress!.Authority, (await flow.RedirectOfAsync(response)).Authority);
    }

    [Fact]
    public async Task End_session_signs_out_here_and_returns_to_the_registered_address()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        await flow.FirstSignInAsync("admin", OneTimePassword("admin"), NewPassword);

        var back = await flow.RedirectOfAsync(await browser.GetAsync(new Uri(
            $"/connect/endsession?post_logout_redirect_uri={Uri.EscapeDataString(new Uri(_host.BaseAddress, "/signout-callback-oidc").AbsoluteUri)}", UriKind.Relative)));

        Assert.Equal("/signout-callback-oidc", back.AbsolutePath);
        Assert.Equal("/account/login", (await flow.AuthorizeAsync()).AbsolutePath);
    }

    [Fact]
    public async Task Signed_in_browser_gets_a_code_at_once_unless_the_client_asks_for_the_password_again()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);
        await flow.FirstSignInAsync("teamleitung", OneTimePassword("teamleitung"), NewPassword);

        var silent = await flow.AuthorizeAsync();
        var again = await flow.AuthorizeAsync(prompt: "login");

        Assert.Equal("/signin-oidc", silent.AbsolutePath);
        Assert.Equal("/account/login", again.AbsolutePath);
        Assert.Equal("/account/login", (await flow.AuthorizeAsync()).AbsolutePath); // that session has ended
    }

    [Fact]
    public async Task Not_signed_in_and_no_prompt_allowed_is_answered_with_login_required()
    {
        using var browser = _host.Browser();

        var callback = await new CodeFlow(browser).AuthorizeAsync(prompt: "none");

        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        Assert.Contains("error=login_required", callback.Query, StringComparison.Ordinal);
    }

    private static string Alert(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "role=\"alert\">([^<]*)<").Groups[1].Value;

    private string OneTimePassword(string userName) => _host.InitialAccounts()[userName][3];

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _data.Dispose(); // after DisposeAsync: the host has let go of its files

}
