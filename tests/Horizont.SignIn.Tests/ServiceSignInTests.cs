using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Horizont.Hosting.Security;
using Horizont.SignIn.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Horizont.Tests.Shared;

namespace Horizont.SignIn.Tests;

/// <summary>
/// The embedded provider with the core's own handlers as its client, as in the all-in-one host: a staff page
/// sends the browser through the sign-in and back with a session, and the provider's access token opens an API.
/// </summary>
public sealed class ServiceSignInTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private SignInHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SignInHost.StartAsync(_data.Path, routes: routes =>
        {
            routes.MapGet("/probe/page", Describe).RequirePage(HorizontRoles.ProviderIntake);
            routes.MapGet("/probe/api/cases", Describe).RequireApi(HorizontRoles.ProviderIntake);
        });

    [Fact]
    public async Task A_staff_page_signs_in_through_the_embedded_provider_and_shows_the_user_with_role_and_agency()
    {
        using var browser = _host.Browser();
        var flow = new CodeFlow(browser);

        // The page sends the browser to the provider, with the core's own PKCE challenge, state and nonce.
        var authorize = await flow.RedirectOfAsync(await browser.GetAsync(new Uri("/probe/page", UriKind.Relative)));
        Assert.Equal("/connect/authorize", authorize.AbsolutePath);
        var login = await flow.RedirectOfAsync(await browser.GetAsync(authorize));
        var passwordPage = await flow.RedirectOfAsync(await flow.SignInAsync(login, "eingang", OneTimePassword("eingang")));
        var back = await flow.RedirectOfAsync(await flow.SetNewPasswordAsync(passwordPage, $"Neu {Guid.NewGuid():N}"));
        var callback = await flow.RedirectOfAsync(await browser.GetAsync(back));
        Assert.Equal("/signin-oidc", callback.AbsolutePath);
        var page = await flow.RedirectOfAsync(await browser.GetAsync(callback)); // the core redeems the code over the back channel
        var answer = await browser.GetFromJsonAsync<JsonElement>(page);

        Assert.Equal("/probe/page", page.AbsolutePath);
        Assert.Equal("eingang", answer.GetProperty("name").GetString());
        Assert.Equal(["ProviderIntake"], answer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("horizont-ev", answer.GetProperty("agency").GetString());
    }

    [Fact]
    public async Task The_embedded_providers_access_token_opens_an_api_for_its_role_and_a_page_of_another_role_stays_shut()
    {
        using var browser = _host.Browser();
        var intake = await new CodeFlow(browser).FirstSignInAsync("eingang", OneTimePassword("eingang"), $"Neu {Guid.NewGuid():N}");
        using var other = _host.Browser();
        var operations = await new CodeFlow(other).FirstSignInAsync("betrieb", OneTimePassword("betrieb"), $"Neu {Guid.NewGuid():N}");

        using var allowed = await CallApiAsync(intake.RawAccessToken);
        using var refused = await CallApiAsync(operations.RawAccessToken);
        using var anonymous = await CallApiAsync(null);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("horizont-ev", (await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agency").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<HttpResponseMessage> CallApiAsync(string? accessToken)
    {
        using var client = _host.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/api/cases");
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request);
    }

    private static IResult Describe(ClaimsPrincipal user) => Results.Json(new
    {
        name = user.FindFirst(HorizontClaims.Name)?.Value,
        roles = user.FindAll(HorizontClaims.Role).Select(c => c.Value).ToArray(),
        agency = user.FindFirst(HorizontClaims.Agency)?.Value,
    });

    private string OneTimePassword(string userName) => _host.InitialAccounts()[userName][3];

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _data.Dispose();
}
