using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Horizont.SignIn.Tests.Support;

/// <summary>
/// What ASP.NET Core's OpenID Connect handler and a browser do together, one HTTP step at a time:
/// the authorization request with PKCE, the sign-in form, the new-password form, and the code exchange.
/// </summary>
internal sealed class CodeFlow(HttpClient browser, Uri? redirectUri = null)
{
    public const string ClientId = "horizont";

    private readonly string _verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public Uri RedirectUri => redirectUri ?? new(browser.BaseAddress!, "/signin-oidc");

    /// <summary>Starts at the authorization endpoint; returns where it sends the browser.</summary>
    public async Task<Uri> AuthorizeAsync(string? prompt = null) =>
        await RedirectOfAsync(await StartAsync(prompt));

    /// <summary>The authorization request as the client sends it.</summary>
    public async Task<HttpResponseMessage> StartAsync(string? prompt = null)
    {
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier)));
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["response_type"] = "code",
            ["scope"] = "openid profile roles",
            ["redirect_uri"] = RedirectUri.AbsoluteUri,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "state-1",
            ["nonce"] = "nonce-1",
            ["prompt"] = prompt,
        });
        return await browser.GetAsync(new Uri(url, UriKind.Relative));
    }

    /// <summary>Opens a form page and posts it with the page's own antiforgery token and return address.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(Uri page, IReadOnlyDictionary<string, string> fields, bool withAntiforgeryToken = true)
    {
        var html = await browser.GetStringAsync(page);
        var form = new Dictionary<string, string>(fields) { ["ReturnUrl"] = Field(html, "ReturnUrl") };
        if (withAntiforgeryToken)
            form["__RequestVerificationToken"] = Field(html, "__RequestVerificationToken");
        return await browser.PostAsync(new Uri(page.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> SignInAsync(Uri loginPage, string userName, string password, bool withAntiforgeryToken = true) =>
        SubmitFormAsync(loginPage, new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = password }, withAntiforgeryToken);

    public Task<HttpResponseMessage> SetNewPasswordAsync(Uri page, string password, string? repeated = null) =>
        SubmitFormAsync(page, new Dictionary<string, string> { ["NewPassword"] = password, ["ConfirmPassword"] = repeated ?? password });

    /// <summary>From the redirect back to the client: exchanges the code (with the PKCE verifier) for tokens.</summary>
    public async Task<Tokens> RedeemAsync(Uri callback)
    {
        Assert.Equal(RedirectUri.GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-1", query["state"].ToString());
        var response = await browser.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = RedirectUri.AbsoluteUri,
            ["client_id"] = ClientId,
            ["code_verifier"] = _verifier,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return new Tokens(Payload(body.GetProperty("id_token").GetString()!), Payload(body.GetProperty("access_token").GetString()!),
            body.GetProperty("access_token").GetString()!);
    }

    /// <summary>The whole flow for an account that still has its one-time password.</summary>
    public async Task<Tokens> FirstSignInAsync(string userName, string oneTimePassword, string newPassword)
    {
        var login = await AuthorizeAsync();
        var passwordPage = await RedirectOfAsync(await SignInAsync(login, userName, oneTimePassword));
        var back = await RedirectOfAsync(await SetNewPasswordAsync(passwordPage, newPassword));
        return await RedeemAsync(await RedirectOfAsync(await browser.GetAsync(back)));
    }

    public async Task<Uri> RedirectOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Uri(browser.BaseAddress!, response.Headers.Location!);
    }

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"""name="{Regex.Escape(name)}" value="([^"]*)" """.TrimEnd());
        Assert.True(match.Success, $"The page has no field {name}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static JsonElement Payload(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length); // signed, not encrypted
        return JsonSerializer.Deserialize<JsonElement>(WebEncoders.Base64UrlDecode(parts[1]));
    }
}

/// <summary>The decoded claims of both tokens, and the access token as sent.</summary>
internal sealed record Tokens(JsonElement IdToken, JsonElement AccessToken, string RawAccessToken)
{
    public static string[] Values(JsonElement claims, string name) =>
        !claims.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
        : [value.GetString()!];
}
