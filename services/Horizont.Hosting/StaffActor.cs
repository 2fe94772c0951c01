namespace Horizont.Hosting;

/// <summary>
/// Who acts, for histories and acknowledgements. Real authentication comes with a later issue; until then the
/// staff front end names the user in <see cref="Header"/> and an absent header records <see cref="Default"/>.
/// </summary>
public static class StaffActor
{
    public const string Header = "X-Horizont-User";

    public const string Default = "staff";

    public const int MaxLength = 100;

    /// <summary>The trimmed user name (at most <see cref="MaxLength"/> characters), or <see cref="Default"/>.</summary>
    public static string Of(string? user)
    {
        var trimmed = user?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return Default;
        return trimmed.Length <= MaxLength ? trimmed : trimmed[..MaxLength];
    }
}
