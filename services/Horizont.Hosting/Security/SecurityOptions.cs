namespace Horizont.Hosting.Security;

/// <summary>
/// TEMPORARY copy of the lead's contract (issue 12) so that the sign-in branch compiles before the core lands;
/// the lead's version of this file wins at merge.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public string? Authority { get; set; }

    public string ClientId { get; set; } = "horizont";

    public string? ClientSecret { get; set; }

    public string Audience { get; set; } = "horizont";

    public bool RequireHttpsMetadata { get; set; } = true;

    public string RoleClaim { get; set; } = "role";

    public string AgencyClaim { get; set; } = "agency";

    public string NameClaim { get; set; } = "preferred_username";
}
