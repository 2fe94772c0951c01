namespace Horizont.Provider.Pages;

/// <summary>The addresses of the provider's staff pages (navigation, redirects after a step, reminder links).</summary>
public static class ProviderPageRoutes
{
    public const string Intake = "/provider/eingang";

    public const string Cases = "/provider/faelle";

    public const string Reminders = "/provider/erinnerungen";

    /// <summary>The Einsatzstellen catalogue.</summary>
    public const string Sites = "/provider/einsatzstellen";

    /// <summary>The form for a new Einsatzstelle.</summary>
    public const string NewSite = Sites + "/neu";

    /// <summary>One Einsatzstelle's entry (edit form).</summary>
    public static string Site(Guid siteId) => $"{Sites}/{siteId}";

    /// <summary>The Fallakte of one case.</summary>
    public static string Case(Guid referralId) => $"{Cases}/{referralId}";
}
