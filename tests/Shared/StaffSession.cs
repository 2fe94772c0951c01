using System.Security.Claims;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Horizont.Tests.Shared;

/// <summary>
/// A member of staff's real session cookie, as an OpenID Connect sign-in leaves it, for the tests of what a cookie may
/// not do: a test-only route signs in, and a test-only page shows that the cookie counts where a cookie should.
/// </summary>
internal static class StaffSession
{
    public const string SignInPath = "/test/sign-in";
    public const string PagePath = "/test/page";

    /// <summary>Adds the sign-in route (staff of <paramref name="agency"/> with <paramref name="role"/>) and the page.</summary>
    public static Action<WebApplicationBuilder> AddSignIn(string agency, string role) => builder => builder.Services.AddHorizontRoutes(routes =>
    {
        routes.MapGet(SignInPath, async (string name, HttpContext http) =>
        {
            var identity = new ClaimsIdentity(
                [
                    new Claim(HorizontClaims.Name, name),
                    new Claim(HorizontClaims.Role, role),
                    new Claim(HorizontClaims.Agency, agency),
                    new Claim(HorizontClaims.Kind, HorizontClaims.KindStaff),
                ], HorizontSecurity.CookieScheme, HorizontClaims.Name, HorizontClaims.Role);
            await http.SignInAsync(HorizontSecurity.CookieScheme, new ClaimsPrincipal(identity));
            return Results.Ok();
        }).AllowAnonymous();
        routes.MapGet(PagePath, (HttpContext http) => StaffActor.Of(http.User)).RequirePage(role);
    });

    /// <summary>Signs <paramref name="name"/> in; the Cookie header that carries the session (checked on the page).</summary>
    public static async Task<string> SignInAsync(HttpClient client, string name)
    {
        using var signIn = await client.GetAsync($"{SignInPath}?name={Uri.EscapeDataString(name)}");
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var page = new HttpRequestMessage(HttpMethod.Get, PagePath);
        page.Headers.Add("Cookie", cookie);
        using var shown = await client.SendAsync(page);
        Assert.Equal(name, await shown.Content.ReadAsStringAsync());
        return cookie;
    }

    /// <summary>A request as a foreign web page makes the browser send it: the session cookie, a foreign Origin, no credentials.</summary>
    public static HttpRequestMessage CrossSite(HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "https://angreifer.example");
        return request;
    }
}
