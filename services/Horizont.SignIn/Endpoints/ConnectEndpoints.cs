using System.Security.Claims;
using Horizont.SignIn.Data;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Horizont.SignIn.Endpoints;

/// <summary>
/// The OpenID Connect endpoints whose answer depends on the account (OpenIddict validates each request
/// first and passes it through): authorization, token, userinfo and end-session. Discovery and the key set
/// are OpenIddict's own.
/// </summary>
internal static class ConnectEndpoints
{
    public const string Authorize = "connect/authorize";
    public const string Token = "connect/token";
    public const string EndSession = "connect/endsession";
    public const string UserInfo = "connect/userinfo";

    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static void MapConnectEndpoints(this IEndpointRouteBuilder routes)
    {
        var connect = routes.MapGroup("/").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        connect.MapMethods($"/{Authorize}", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        connect.MapPost($"/{Token}", TokenAsync);
        connect.MapMethods($"/{UserInfo}", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync);
        connect.MapMethods($"/{EndSession}", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
    }

    /// <summary>Signed in here: an authorization code for the client. Not yet: the sign-in page, then back here.</summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<LocalAccount> accounts, LocalSignInSettings settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed no authorization request through.");
        var session = await http.AuthenticateAsync(LocalSession.Scheme);
        var account = session.Succeeded ? await LocalSession.AccountAsync(session.Principal, accounts) : null;
        // prompt=login asks for the password again: end the session, and come back without the prompt.
        if (account is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            await http.SignOutAsync(LocalSession.Scheme);
            var again = QueryString.Create(request.GetParameters()
                .Where(p => p.Key != Parameters.Prompt)
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
            var returnUrl = http.Request.PathBase.Add("/" + Authorize).Value + again;
            return Results.Redirect(http.Request.PathBase.Add(AccountPages.LoginPath).Value + QueryString.Create("ReturnUrl", returnUrl));
        }

        var identity = LocalClaims.For(account, await accounts.GetRolesAsync(account), request.GetScopes(), settings.Audience, Server);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
    }

    /// <summary>Code for tokens: the claims are read again from the account, which must still exist and not be locked out.</summary>
    private static async Task<IResult> TokenAsync(HttpContext http, UserManager<LocalAccount> accounts, LocalSignInSettings settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed no token request through.");
        if (!request.IsAuthorizationCodeGrantType())
            return Refuse(Errors.UnsupportedGrantType, "Only the authorization code flow is enabled.");
        var code = await http.AuthenticateAsync(Server);
        var account = code.Principal?.GetClaim(Claims.Subject) is { } id ? await accounts.FindByIdAsync(id) : null;
        if (account is null || await accounts.IsLockedOutAsync(account) || account.MustChangePassword)
            return Refuse(Errors.InvalidGrant, "The account is no longer allowed to sign in.");
        var identity = LocalClaims.For(account, await accounts.GetRolesAsync(account), code.Principal!.GetScopes(), settings.Audience, Server);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<LocalAccount> accounts)
    {
        var token = await http.AuthenticateAsync(Server);
        var account = token.Principal?.GetClaim(Claims.Subject) is { } id ? await accounts.FindByIdAsync(id) : null;
        if (account is null)
        {
            return Results.Challenge(Properties(Errors.InvalidToken, "The account behind the access token no longer exists."), [Server]);
        }

        return Results.Json(LocalClaims.UserInfo(account, await accounts.GetRolesAsync(account), token.Principal!));
    }

    /// <summary>Ends the session here and sends the browser back to the client's registered post-logout address.</summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(LocalSession.Scheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = http.Request.PathBase.Add(AccountPages.LoginPath).Value }, [Server]);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(Properties(error, description), [Server]);

    private static AuthenticationProperties Properties(string error, string description) =>
        new(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        });
}
