using System.Security.Claims;
using System.Text.Json;

namespace Horizont.Hosting.Security;

/// <summary>
/// Turns an identity provider's token into a Horizont principal: the name from <see cref="SecurityOptions.NameClaim"/>,
/// roles from <see cref="SecurityOptions.RoleClaim"/> through <see cref="SecurityOptions.RoleMap"/>, the agency from
/// <see cref="SecurityOptions.AgencyClaim"/> (or <see cref="SecurityOptions.DefaultAgency"/>). Everything else is dropped,
/// so nothing downstream depends on one provider's claim names.
/// </summary>
public static class ExternalClaims
{
    public static ClaimsPrincipal ToHorizont(ClaimsPrincipal external, SecurityOptions options, string authenticationType)
    {
        string? First(string type) => external.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;

        var name = First(options.NameClaim) ?? First("name") ?? First("sub") ?? "unbekannt";
        var claims = new List<Claim>
        {
            new(HorizontClaims.Name, StaffActor.Clean(name)),
            new(HorizontClaims.Kind, HorizontClaims.KindStaff),
        };
        if (First("sub") is { } subject)
            claims.Add(new Claim("sub", subject));
        if ((First(options.AgencyClaim) ?? options.DefaultAgency) is { } agency)
            claims.Add(new Claim(HorizontClaims.Agency, agency.Trim()));
        foreach (var role in RolesOf(external, options).Distinct(StringComparer.Ordinal))
            claims.Add(new Claim(HorizontClaims.Role, role));

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, HorizontClaims.Name, HorizontClaims.Role));
    }

    private static IEnumerable<string> RolesOf(ClaimsPrincipal external, SecurityOptions options)
    {
        foreach (var claim in external.FindAll(options.RoleClaim))
        {
            foreach (var value in ValuesOf(claim.Value))
            {
                var mapped = options.RoleMap.TryGetValue(value, out var target) ? HorizontRoles.Find(target) : HorizontRoles.Find(value);
                if (mapped is not null)
                    yield return mapped;
            }
        }
    }

    /// <summary>A claim value is one role, or (some providers) a JSON array of roles.</summary>
    private static string[] ValuesOf(string value)
    {
        if (!value.StartsWith('['))
            return [value];
        try
        {
            return JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
