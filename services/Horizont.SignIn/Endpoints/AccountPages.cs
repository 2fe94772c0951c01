using System.Globalization;
using Horizont.SignIn.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.SignIn.Endpoints;

/// <summary>
/// <c>/account/login</c> (user name and password, lockout after repeated failures) and
/// <c>/account/password</c> (the one-time password is replaced before a session begins).
/// Every form post must carry its antiforgery token.
/// </summary>
internal static class AccountPages
{
    public const string LoginPath = "/account/login";
    public const string PasswordPath = "/account/password";
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private const string WrongCredentials = "Benutzername oder Passwort ist falsch.";
    private const string MissingCredentials = "Bitte Benutzername und Passwort eingeben.";
    private static readonly string LockedOut =
        string.Create(CultureInfo.InvariantCulture,
            $"Dieses Konto ist nach zu vielen Fehlversuchen für {(int)LockoutDuration.TotalMinutes} Minuten gesperrt. Bitte später erneut versuchen.");
    private const string Mismatch = "Neues Passwort wiederholen: die beiden Eingaben stimmen nicht überein.";
    private const string SameAsOneTime = "Neues Passwort: es muss sich vom Einmalpasswort unterscheiden.";
    private const string StaleForm = "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte die Anmeldeseite neu laden.";

    public static void MapAccountPages(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapGet("/login", ShowLogin);
        account.MapPost("/login", Login);
        account.MapGet("/password", ShowNewPassword);
        account.MapPost("/password", SetNewPassword);
    }

    private static IResult ShowLogin(HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
        Html(StatusCodes.Status200OK, AccountHtml.Login(Url(http, LoginPath), antiforgery.GetAndStoreTokens(http), LocalUrl(returnUrl), "", null));

    private static async Task<IResult> Login(HttpContext http, IAntiforgery antiforgery, UserManager<LocalAccount> accounts, ILogger<LocalAccount> log)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused)
            return refused;
        var form = await http.Request.ReadFormAsync();
        var userName = form["UserName"].ToString().Trim();
        var returnUrl = LocalUrl(form["ReturnUrl"]);
        IResult Again(string error) =>
            Html(StatusCodes.Status400BadRequest, AccountHtml.Login(Url(http, LoginPath), antiforgery.GetAndStoreTokens(http), returnUrl, userName, error));

        var password = form["Password"].ToString();
        if (userName.Length == 0 || password.Length == 0)
            return Again(MissingCredentials);
        var account = await accounts.FindByNameAsync(userName);
        if (account is null)
            return Again(WrongCredentials);
        if (await accounts.IsLockedOutAsync(account))
            return Again(LockedOut);
        if (!await accounts.CheckPasswordAsync(account, password))
        {
            await accounts.AccessFailedAsync(account);
            var locked = await accounts.IsLockedOutAsync(account);
            log.LogWarning("Local sign-in refused for account {AccountId}: wrong password{Lockout}", account.Id, locked ? ", now locked out" : "");
            return Again(locked ? LockedOut : WrongCredentials);
        }

        await accounts.ResetAccessFailedCountAsync(account);
        if (account.MustChangePassword)
        {
            await http.SignInAsync(LocalSession.PasswordChangeScheme, LocalSession.Principal(account, LocalSession.PasswordChangeScheme));
            return Results.Redirect(Url(http, PasswordPath) + QueryString.Create("ReturnUrl", returnUrl));
        }

        await http.SignInAsync(LocalSession.Scheme, LocalSession.Principal(account, LocalSession.Scheme));
        log.LogInformation("Local sign-in of account {AccountId}", account.Id);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> ShowNewPassword(
        HttpContext http, IAntiforgery antiforgery, UserManager<LocalAccount> accounts, IOptions<IdentityOptions> rules, string? returnUrl)
    {
        if (await PendingAccountAsync(http, accounts) is null)
            return Results.Redirect(Url(http, LoginPath) + QueryString.Create("ReturnUrl", LocalUrl(returnUrl)));
        return Html(StatusCodes.Status200OK,
            AccountHtml.NewPassword(Url(http, PasswordPath), antiforgery.GetAndStoreTokens(http), LocalUrl(returnUrl), rules.Value.Password.RequiredLength, null));
    }

    private static async Task<IResult> SetNewPassword(
        HttpContext http, IAntiforgery antiforgery, UserManager<LocalAccount> accounts, IOptions<IdentityOptions> rules, ILogger<LocalAccount> log)
    {
        if (await RefusedFormAsync(http, antiforgery) is { } refused)
            return refused;
        var form = await http.Request.ReadFormAsync();
        var returnUrl = LocalUrl(form["ReturnUrl"]);
        var account = await PendingAccountAsync(http, accounts);
        if (account is null)
            return Results.Redirect(Url(http, LoginPath) + QueryString.Create("ReturnUrl", returnUrl));
        IResult Again(string error) => Html(StatusCodes.Status400BadRequest,
            AccountHtml.NewPassword(Url(http, PasswordPath), antiforgery.GetAndStoreTokens(http), returnUrl, rules.Value.Password.RequiredLength, error));

        var newPassword = form["NewPassword"].ToString();
        if (newPassword != form["ConfirmPassword"].ToString())
            return Again(Mismatch);
        if (accounts.PasswordHasher.VerifyHashedPassword(account, account.PasswordHash ?? "", newPassword) != PasswordVerificationResult.Failed)
            return Again(SameAsOneTime);

        // One update: the new hash, a new security stamp (older sessions end) and the cleared one-time flag.
        account.MustChangePassword = false;
        var changed = await accounts.ResetPasswordAsync(account, await accounts.GeneratePasswordResetTokenAsync(account), newPassword);
        if (!changed.Succeeded)
            return Again(string.Join(" ", changed.Errors.Select(e => e.Description)));

        await http.SignOutAsync(LocalSession.PasswordChangeScheme);
        await http.SignInAsync(LocalSession.Scheme, LocalSession.Principal(account, LocalSession.Scheme));
        log.LogInformation("Account {AccountId} replaced its one-time password and signed in", account.Id);
        return Results.Redirect(returnUrl);
    }

    private static async Task<LocalAccount?> PendingAccountAsync(HttpContext http, UserManager<LocalAccount> accounts)
    {
        var pending = await http.AuthenticateAsync(LocalSession.PasswordChangeScheme);
        var account = await LocalSession.AccountAsync(pending.Principal, accounts);
        return account is { MustChangePassword: true } ? account : null;
    }

    /// <summary>A form without a valid antiforgery token (a cross-site post, or a stale page) is refused with 400.</summary>
    private static async Task<IResult?> RefusedFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType)
            return Html(StatusCodes.Status400BadRequest, AccountHtml.Refused(StaleForm, Url(http, LoginPath)));
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Html(StatusCodes.Status400BadRequest, AccountHtml.Refused(StaleForm, Url(http, LoginPath)));
        }
    }

    /// <summary>Only a path on this site is followed after sign-in (no open redirect); anything else goes to the start page.</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static string Url(HttpContext http, string path) => http.Request.PathBase.Add(path).Value!;

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
