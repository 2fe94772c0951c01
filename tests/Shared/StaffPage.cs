using System.Net;
using System.Text.RegularExpressions;
using Horizont.Hosting.Security;

namespace Horizont.Tests.Shared;

/// <summary>
/// A staff page as the browser got it: status, HTML with its character references decoded (the renderer writes „ä“ in an
/// expression as <c>&amp;#xE4;</c>), and the Cookie header for a form post (session and antiforgery cookie).
/// </summary>
internal sealed partial record StaffPage(HttpStatusCode Status, string Html, string Cookie, string Path)
{
    /// <summary>Opens <paramref name="path"/> with the session <paramref name="cookie"/>, through <paramref name="client"/> (no credentials of its own).</summary>
    public static async Task<StaffPage> GetAsync(HttpClient client, string cookie, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var set = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(c => c.Split(';')[0]) : [];
        return new StaffPage(response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), string.Join("; ", new[] { cookie }.Concat(set)), path);
    }

    /// <summary>
    /// Posts one of the page's forms (<paramref name="formName"/>) as the browser does: its fields, the hidden antiforgery
    /// token and the cookies; to the page itself, or to the form's <paramref name="action"/>.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient client, string formName, KeyValuePair<string, string>[] fields, string? action = null)
    {
        var token = AntiforgeryToken().Match(Html);
        Assert.True(token.Success, "the page renders the antiforgery token");
        using var request = new HttpRequestMessage(HttpMethod.Post, action ?? Path)
        {
            Content = new FormUrlEncodedContent(
                [new("_handler", formName), new(HorizontSecurity.AntiforgeryField, token.Groups[1].Value), .. fields]),
        };
        request.Headers.Add("Cookie", Cookie);
        return await client.SendAsync(request);
    }

    /// <summary>The text of an answer's HTML with its character references decoded.</summary>
    public static async Task<string> TextOf(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
