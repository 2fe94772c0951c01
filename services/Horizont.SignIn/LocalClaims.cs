using System.Collections.Immutable;
using System.Security.Claims;
using Horizont.SignIn.Data;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Horizont.SignIn;

/// <summary>
/// The claims the embedded provider issues about an account, in the id_token, the access token and the
/// userinfo answer alike: <c>sub</c>; with scope <c>profile</c> <c>name</c>, <c>preferred_username</c> and
/// <c>agency</c>; with scope <c>roles</c> one <c>role</c> claim per Horizont role.
/// </summary>
internal static class LocalClaims
{
    public const string Agency = "agency";

    /// <summary>An identity for OpenIddict to turn into tokens, read fresh from the account.</summary>
    public static ClaimsIdentity For(LocalAccount account, IEnumerable<string> roles, ImmutableArray<string> scopes, string audience, string scheme)
    {
        var identity = new ClaimsIdentity(scheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Id)
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.PreferredUsername, account.UserName)
            .SetClaim(Agency, account.AgencyId)
            .SetClaims(Claims.Role, [.. roles]);
        identity.SetScopes(scopes);
        identity.SetAudiences(audience);
        identity.SetDestinations(Destinations);
        return identity;
    }

    /// <summary>The claims the userinfo endpoint answers with, by the scopes the access token carries.</summary>
    public static Dictionary<string, object> UserInfo(LocalAccount account, IEnumerable<string> roles, ClaimsPrincipal token)
    {
        var answer = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = account.Id };
        if (token.HasScope(Scopes.Profile))
        {
            answer[Claims.Name] = account.DisplayName;
            answer[Claims.PreferredUsername] = account.UserName!;
            answer[Agency] = account.AgencyId;
        }

        if (token.HasScope(Scopes.Roles))
            answer[Claims.Role] = roles.ToArray();
        return answer;
    }

    private static IEnumerable<string> Destinations(Claim claim)
    {
        var granted = claim.Type switch
        {
            Claims.Name or Claims.PreferredUsername or Agency => claim.Subject!.HasScope(Scopes.Profile),
            Claims.Role => claim.Subject!.HasScope(Scopes.Roles),
            _ => true, // sub; OpenIddict's own private claims are never copied out whatever is said here
        };
        return granted ? [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken] : [];
    }
}
