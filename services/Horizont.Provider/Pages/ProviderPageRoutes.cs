namespace Horizont.Provider.Pages;

/// <summary>The addresses of the provider's staff pages (navigation, redirects after a step, reminder links).</summary>
public static class ProviderPageRoutes
{
    public const string Intake = "/provider/eingang";

    public const string Cases = "/provider/faelle";

    public const string Reminders = "/provider/erinnerungen";

    /// <summary>The Fallakte of one case.</summary>
    public static string Case(Guid referralId) => $"{Cases}/{referralId}";
}
