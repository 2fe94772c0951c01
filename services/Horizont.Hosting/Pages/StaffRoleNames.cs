using System.Security.Claims;
using Horizont.Hosting.Security;

namespace Horizont.Hosting.Pages;

/// <summary>The roles as staff call them.</summary>
public static class StaffRoleNames
{
    public static string Of(string role) => role switch
    {
        HorizontRoles.JugendamtCasework => "Jugendgerichtshilfe",
        HorizontRoles.ProviderIntake => "Eingang",
        HorizontRoles.ProviderCasework => "Fallarbeit",
        HorizontRoles.ProviderTeamLead => "Teamleitung",
        HorizontRoles.Operations => "Betrieb",
        HorizontRoles.Administrator => "Administration",
        _ => role,
    };

    /// <summary>The German names of every role <paramref name="user"/> holds, comma-separated.</summary>
    public static string Of(ClaimsPrincipal user) =>
        string.Join(", ", user.FindAll(HorizontClaims.Role).Select(c => Of(c.Value)).Distinct());
}
