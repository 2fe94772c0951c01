using System.Security.Claims;

namespace Horizont.Hosting.Security;

/// <summary>The roles a member of staff or a machine key can hold (docs/security.md has the matrix).</summary>
public static class HorizontRoles
{
    /// <summary>Jugendamt caseworker: submits, amends and withdraws referrals, records court reports, reads the ledger.</summary>
    public const string JugendamtCasework = nameof(JugendamtCasework);

    /// <summary>Provider intake: accepts or declines new referrals, schedules intake meetings.</summary>
    public const string ProviderIntake = nameof(ProviderIntake);

    /// <summary>Provider caseworker: runs a case (meetings, placement, hours, non-compliance, extension, completion).</summary>
    public const string ProviderCasework = nameof(ProviderCasework);

    /// <summary>Provider team lead: everything intake and casework may do.</summary>
    public const string ProviderTeamLead = nameof(ProviderTeamLead);

    /// <summary>Operations: queues, failed messages (replay, discard), heartbeats, alerts, metrics; never personal data.</summary>
    public const string Operations = nameof(Operations);

    /// <summary>Administrator: API keys and the audit trail.</summary>
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All =
        [JugendamtCasework, ProviderIntake, ProviderCasework, ProviderTeamLead, Operations, Administrator];

    /// <summary>Every provider role: each may read the provider's cases.</summary>
    public static readonly string[] Provider = [ProviderIntake, ProviderCasework, ProviderTeamLead];

    /// <summary>The role's exact name when <paramref name="value"/> names one (case-insensitive), else null.</summary>
    public static string? Find(string? value) =>
        All.FirstOrDefault(role => string.Equals(role, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The claims of a Horizont principal, whatever signed it in (OpenID Connect, bearer token or API key).</summary>
public static class HorizontClaims
{
    /// <summary>Who acts: the user name, or the API key's name.</summary>
    public const string Name = "name";

    /// <summary>One claim per <see cref="HorizontRoles"/> value.</summary>
    public const string Role = "role";

    /// <summary>The agency the user or key belongs to (a partner id such as <c>horizont-ev</c>).</summary>
    public const string Agency = "agency";

    /// <summary><see cref="KindStaff"/> or <see cref="KindKey"/>.</summary>
    public const string Kind = "horizont_kind";

    public const string KindStaff = "staff";

    public const string KindKey = "key";

    /// <summary>The work of the service itself (the intake folder, the command line): no sign-in behind it.</summary>
    public const string KindSystem = "system";

    /// <summary>A principal for the service's own work, so that the audit trail names it like a user or a key.</summary>
    public static ClaimsPrincipal SystemPrincipal(string name, string? agencyId = null)
    {
        var claims = new List<Claim> { new(Name, name), new(Kind, KindSystem) };
        if (agencyId is not null)
            claims.Add(new(Agency, agencyId));
        return new(new ClaimsIdentity(claims, KindSystem, Name, Role));
    }
}
