using System.Net;
using System.Net.Http.Headers;
using Horizont.Hosting.Security;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// The endpoint conventions as a service uses them: the fallback policy, <c>RequireApi</c>, <c>RequirePage</c> with
/// antiforgery, and <c>ForAgency</c>. Each test fails when its protection is taken away.
/// </summary>
public sealed class EndpointConventionTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_route_without_any_convention_refuses_an_anonymous_caller()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.Plain);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("plain", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_without_any_convention_answers_a_signed_in_caller()
    {
        using var client = await _host.ClientWithRoleAsync("o.betrieb", HorizontRoles.Operations);

        Assert.Equal("plain", await client.GetStringAsync(TestRoutes.Plain));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_stays_open_to_anyone(string path)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_api_without_credentials_is_401_with_a_challenge()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }

    [Theory]
    [InlineData("hzk_not-a-key")]
    [InlineData("hzk_0123456789abcdef0123456789abcdef_short")]
    [InlineData("Bearer-ish nonsense")]
    [InlineData("")]
    public async Task A_malformed_key_is_401(string presented)
    {
        using var client = _host.ClientWithKey("placeholder");
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + presented);

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_of_the_right_form_is_401()
    {
        var real = await _host.KeyAsync("o.betrieb", HorizontRoles.Operations);
        var unknown = "hzk_" + Guid.NewGuid().ToString("N") + real[^44..];
        using var client = _host.ClientWithKey(unknown);

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_known_key_with_a_wrong_secret_is_401()
    {
        var real = await _host.KeyAsync("o.betrieb", HorizontRoles.Operations);
        var secret = real[^43..];
        var forged = real[..^43] + (secret[0] == 'A' ? 'B' : 'A') + secret[1..];
        using var client = _host.ClientWithKey(forged);

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_401_from_then_on()
    {
        var key = await _host.KeyAsync("o.betrieb", HorizontRoles.Operations);
        using var client = _host.ClientWithKey(key);
        Assert.Equal("operations", await client.GetStringAsync(TestRoutes.OperationsApi));

        await _host.WithStoreAsync(db => new ApiKeyStore(db, TimeProvider.System).RevokeAsync("o.betrieb", "test", CancellationToken.None));

        using var response = await client.GetAsync(TestRoutes.OperationsApi);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_of_another_role_is_403()
    {
        using var client = await _host.ClientWithRoleAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_key_of_the_right_role_is_answered()
    {
        using var client = await _host.ClientWithRoleAsync("o.betrieb", HorizontRoles.Operations);

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("operations", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bearer_token_the_host_cannot_validate_is_401()
    {
        using var client = _host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJuYW1lIjoiZXZpbCIsInJvbGUiOiJPcGVyYXRpb25zIn0.");

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_session_cookie_alone_does_not_open_an_api()
    {
        using var browser = await _host.SignInAsync("o.betrieb", HorizontRoles.Operations);
        // The same cookie does open a route that accepts a session: it is valid.
        using (var plain = await browser.GetAsync(TestRoutes.Plain))
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        using var response = await browser.GetAsync(TestRoutes.OperationsApi);
        using var any = await browser.GetAsync(TestRoutes.AnyApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, any.StatusCode);
    }

    [Fact]
    public async Task A_page_without_a_session_is_401_when_no_identity_provider_is_configured()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.Page);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_page_refuses_an_api_key_even_of_the_right_role()
    {
        using var client = await _host.ClientWithRoleAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var response = await client.GetAsync(TestRoutes.Page);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_page_refuses_a_session_of_another_role()
    {
        using var browser = await _host.SignInAsync("o.betrieb", HorizontRoles.Operations);

        using var response = await browser.GetAsync(TestRoutes.Page);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_is_400_with_a_german_title()
    {
        using var browser = await _host.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var response = await browser.PostFormAsync(TestRoutes.Page, new() { ["note"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Das Formular ist abgelaufen", body, StringComparison.Ordinal);
        Assert.DoesNotContain("gespeichert", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_with_a_token_of_another_session_is_400()
    {
        using var other = await _host.SignInAsync("p.andere", HorizontRoles.ProviderIntake);
        var foreignToken = await (await other.GetAsync(TestRoutes.Page)).Content.ReadAsStringAsync();
        using var browser = await _host.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var response = await browser.PostFormAsync(TestRoutes.Page, new() { [HorizontSecurity.AntiforgeryField] = foreignToken });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_form_post_with_the_token_of_its_page_is_answered()
    {
        using var browser = await _host.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);
        using var page = await browser.GetAsync(TestRoutes.Page);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = await page.Content.ReadAsStringAsync();

        using var response = await browser.PostFormAsync(TestRoutes.Page, new() { [HorizontSecurity.AntiforgeryField] = token });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gespeichert", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_agency_gets_404_as_if_nothing_were_there()
    {
        using var client = await _host.ClientWithRoleAsync("j.amt", HorizontRoles.JugendamtCasework, "ja-nordhausen");

        using var response = await client.GetAsync(TestRoutes.AgencyApi);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Nicht gefunden.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_own_agency_is_answered()
    {
        using var client = await _host.ClientWithRoleAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        Assert.Equal("agency", await client.GetStringAsync(TestRoutes.AgencyApi));
    }

    [Fact]
    public async Task The_actor_is_the_keys_name_whatever_X_Horizont_User_says()
    {
        using var client = await _host.ClientWithRoleAsync("m.mueller", HorizontRoles.ProviderCasework);
        client.DefaultRequestHeaders.Add("X-Horizont-User", "<script>alert(1)</script>");

        Assert.Equal("m.mueller", await client.GetStringAsync(TestRoutes.Actor));
    }
}
