using System.Security.Claims;
using Horizont.Hosting.Security;

namespace Horizont.Hosting;

/// <summary>
/// Who acts, for histories, acknowledgements, the operations archive and the audit trail: always the signed-in user
/// or the API key's name, never something a caller can write into a header.
/// </summary>
public static class StaffActor
{
    public const int MaxLength = 100;

    /// <summary>The principal's name (cleaned, at most <see cref="MaxLength"/> characters); "unbekannt" for a principal without one.</summary>
    public static string Of(ClaimsPrincipal user) => Clean(user.FindFirst(HorizontClaims.Name)?.Value);

    /// <summary>Control and format characters removed, trimmed, at most <see cref="MaxLength"/> characters.</summary>
    public static string Clean(string? name)
    {
        var cleaned = new string((name ?? "").Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        if (cleaned.Length == 0)
            return "unbekannt";
        return cleaned.Length <= MaxLength ? cleaned : cleaned[..MaxLength];
    }
}
