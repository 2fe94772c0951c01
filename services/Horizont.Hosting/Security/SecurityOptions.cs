namespace Horizont.Hosting.Security;

/// <summary>
/// Sign-in settings (section <c>Security</c>; environment <c>Security__Authority</c>). With an <see cref="Authority"/>,
/// staff sign in with OpenID Connect against the agency's identity provider and the JSON APIs accept its bearer tokens;
/// without one (and without the embedded provider) only API keys get in.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The identity provider's issuer URL (Keycloak realm, Entra tenant v2.0 endpoint, ADFS).</summary>
    public string? Authority { get; set; }

    /// <summary>This service's client id at the identity provider.</summary>
    public string ClientId { get; set; } = "horizont";

    /// <summary>The client secret, for a confidential client; empty for a public client (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience bearer tokens must carry.</summary>
    public string Audience { get; set; } = "horizont";

    /// <summary>Whether the identity provider's metadata must come over HTTPS (only a loopback development setup turns this off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The scopes asked for at sign-in, separated by spaces (Entra ID: <c>openid profile</c>).</summary>
    public string Scope { get; set; } = "openid profile roles";

    /// <summary>The claim whose values are the user's roles (Entra: <c>roles</c>; a Keycloak mapper: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Role values of the identity provider mapped to Horizont roles; a value that already is a Horizont role name needs no entry.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The claim that names the user's agency (a partner id).</summary>
    public string AgencyClaim { get; set; } = "agency";

    /// <summary>The agency of users whose token has no agency claim: an identity provider that serves one agency only.</summary>
    public string? DefaultAgency { get; set; }

    /// <summary>The claim that names the user in histories and the audit trail (falls back to <c>name</c>, then <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>How long a staff session lasts without activity.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Where ASP.NET Core DataProtection's key ring is encrypted: a PKCS#12 file (required in production, see docs/security.md).</summary>
    public string? DataProtectionCertificatePath { get; set; }

    public string? DataProtectionCertificatePassword { get; set; }

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);
}
