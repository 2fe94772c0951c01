using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Horizont.SignIn;

/// <summary>
/// The one client of the embedded provider: Horizont's own pages (ASP.NET Core's OpenID Connect handler),
/// a public client using the authorization code flow with PKCE. Registered at the first start and brought
/// up to date at every start, so a changed <c>Security:PublicUrl</c> moves its redirect addresses.
/// </summary>
internal static class ClientApplication
{
    // Relative to the public address (which ends with a slash), so a path base is kept.
    public const string SignInCallback = "signin-oidc";
    public const string SignOutCallback = "signout-callback-oidc";

    public static async Task RegisterAsync(IOpenIddictApplicationManager applications, string clientId, Uri publicUrl, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Horizont",
            RedirectUris = { new Uri(publicUrl, SignInCallback) },
            PostLogoutRedirectUris = { new Uri(publicUrl, SignOutCallback) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };

        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
            await applications.CreateAsync(descriptor, cancellationToken);
        else
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
    }
}
