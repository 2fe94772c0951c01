using System.Net;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// With an identity provider configured (<c>Security:Authority</c>), an anonymous browser asking for a page is sent to
/// sign in there; an API, a form post and a sign-out without a token are refused instead. The provider's metadata is
/// given to the handler here, so nothing is fetched over the network.
/// </summary>
public sealed class IdentityProviderChallengeTests : IAsyncLifetime
{
    private const string AuthorizationEndpoint = "https://idp.example/realms/horizont/protocol/openid-connect/auth";
    private SecurityHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SecurityHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Security:Authority"] = "https://idp.example/realms/horizont" },
            services: services => services.Configure<OpenIdConnectOptions>(HorizontSecurity.OpenIdConnectScheme, o => o.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = "https://idp.example/realms/horizont",
                AuthorizationEndpoint = AuthorizationEndpoint,
                TokenEndpoint = "https://idp.example/realms/horizont/protocol/openid-connect/token",
                EndSessionEndpoint = "https://idp.example/realms/horizont/protocol/openid-connect/logout",
            }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_anonymous_page_request_is_sent_to_sign_in_at_the_identity_provider_with_pkce()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.Page + "?filter=offen");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(AuthorizationEndpoint + "?", location, StringComparison.Ordinal);
        Assert.Contains("client_id=horizont", location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        Assert.Contains("scope=openid", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_api_request_is_401_not_a_redirect()
    {
        using var response = await _host.Client.GetAsync(TestRoutes.AnyApi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task An_anonymous_form_post_is_401_not_a_redirect()
    {
        using var response = await _host.Client.PostAsync(TestRoutes.Page, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Sign_out_needs_the_form_token_and_then_ends_the_session_at_the_provider_too()
    {
        using var browser = await _host.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);
        var token = await (await browser.GetAsync(TestRoutes.Page)).Content.ReadAsStringAsync();

        using var forged = await browser.PostFormAsync(HorizontSecurity.SignOutPath, []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var response = await browser.PostFormAsync(HorizontSecurity.SignOutPath, new() { [HorizontSecurity.AntiforgeryField] = token });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://idp.example/realms/horizont/protocol/openid-connect/logout", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(HorizontSecurity.SessionCookie + "=;", StringComparison.Ordinal));
    }
}
