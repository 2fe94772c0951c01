using System.Security.Claims;
using Horizont.SignIn.Data;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Horizont.SignIn;

/// <summary>
/// The embedded provider's own sign-in session (a cookie, separate from the service's session): who has
/// proved their password here. A session ends when the account's security stamp changes (new password)
/// or the account is locked out.
/// </summary>
internal static class LocalSession
{
    public const string Scheme = "Horizont.SignIn";

    /// <summary>Between a correct one-time password and the new password: only the account id, for minutes.</summary>
    public const string PasswordChangeScheme = "Horizont.SignIn.NewPassword";

    private const string StampClaim = "stamp";

    public static ClaimsPrincipal Principal(LocalAccount account, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(Claims.Subject, account.Id), new Claim(StampClaim, account.SecurityStamp ?? "")],
            scheme));

    /// <summary>The account behind a session, or null when it is gone, locked out, or has changed its password since.</summary>
    public static async Task<LocalAccount?> AccountAsync(ClaimsPrincipal? session, UserManager<LocalAccount> accounts)
    {
        var id = session?.FindFirst(Claims.Subject)?.Value;
        if (id is null)
            return null;
        var account = await accounts.FindByIdAsync(id);
        if (account is null || account.SecurityStamp != session!.FindFirst(StampClaim)?.Value || await accounts.IsLockedOutAsync(account))
            return null;
        return account;
    }
}
