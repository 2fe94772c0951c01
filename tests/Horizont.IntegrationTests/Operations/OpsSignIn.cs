using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// How the operations tests get in: machines with API keys (<c>Authorization: ApiKey …</c>), operations staff with a
/// cookie session. The session is issued by <see cref="SignInPath"/>, a door only these test hosts have, standing in
/// for the embedded identity provider; production code has no such door. (Kept here rather than in Infrastructure,
/// which another piece of work owns.)
/// </summary>
internal static class OpsSignIn
{
    /// <summary>The agency of the operations team's keys and sessions in these tests.</summary>
    public const string Agency = "horizont-betrieb";

    public const string SignInPath = "/test-only/sign-in";

    /// <summary>The operations service plus the test-only sign-in door.</summary>
    public static WebApplicationBuilder AddOperationsForTests(this WebApplicationBuilder builder)
    {
        builder.AddOperations();
        builder.Services.AddHorizontRoutes(routes => routes.MapGet(SignInPath, SignInEndpointAsync).AllowAnonymous());
        return builder;
    }

    /// <summary>The host's <see cref="AgencyHost.Client"/> sends a new key of this name, agency and role from now on.</summary>
    public static async Task<AgencyHost> WithKeyAsync(this AgencyHost host, string name, string agency, string role)
    {
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, await host.Services.IssueApiKeyAsync(name, agency, role));
        return host;
    }

    /// <summary>
    /// The host's client with a new Operations key, named <paramref name="name"/> (the actor of its replays and
    /// discards) or uniquely, so that a host started again on the same data directory gets one too.
    /// </summary>
    public static Task<AgencyHost> AsOperationsAsync(this AgencyHost host, string? name = null) =>
        host.WithKeyAsync(name ?? "ops.monitor-" + Guid.NewGuid().ToString("N")[..8], Agency, HorizontRoles.Operations);

    /// <summary>A further client of the host with a key of its own.</summary>
    public static async Task<HttpClient> ClientAsync(AgencyHost host, string name, string agency, string role)
    {
        var client = host.BaseAddress is { } address ? new HttpClient { BaseAddress = address } : TestServerOf(host).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, await host.Services.IssueApiKeyAsync(name, agency, role));
        return client;
    }

    /// <summary>A browser-like client (keeps cookies, follows no redirects) signed in as operations staff.</summary>
    public static async Task<HttpClient> BrowserAsync(AgencyHost host, string name)
    {
        var cookies = new CookieContainer();
        HttpMessageHandler handler = host.BaseAddress is null
            ? new CookieContainerHandler(cookies) { InnerHandler = TestServerOf(host).CreateHandler() }
            : new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        var browser = new HttpClient(handler) { BaseAddress = host.BaseAddress ?? new Uri("http://localhost/") };
        using var response = await browser.GetAsync(SignInUrl(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }

    /// <summary>Signs a real browser's page in as operations staff (the session cookie lands in its context).</summary>
    public static async Task SignInAsync(IPage page, AgencyHost host, string name)
    {
        var response = await page.GotoAsync(new Uri(host.BaseAddress!, SignInUrl(name)).ToString());
        Assert.Equal(StatusCodes.Status200OK, response?.Status);
    }

    private static string SignInUrl(string name) => $"{SignInPath}?name={Uri.EscapeDataString(name)}";

    private static TestServer TestServerOf(AgencyHost host) => (TestServer)host.Services.GetRequiredService<IServer>();

    private static async Task<IResult> SignInEndpointAsync(HttpContext http, string name)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(HorizontClaims.Name, name),
                new Claim(HorizontClaims.Role, HorizontRoles.Operations),
                new Claim(HorizontClaims.Agency, Agency),
                new Claim(HorizontClaims.Kind, HorizontClaims.KindStaff),
            ], "test-sign-in", HorizontClaims.Name, HorizontClaims.Role);
        await http.SignInAsync(HorizontSecurity.CookieScheme, new ClaimsPrincipal(identity));
        // A page, not 204: a browser navigates to it and keeps the cookie.
        return Results.Text("Angemeldet (nur im Test).");
    }
}
