namespace Horizont.Provider.Pages;

/// <summary>The addresses of the provider's staff pages (navigation, redirects after a step).</summary>
public static class ProviderPageRoutes
{
    public const string Intake = "/provider/eingang";
}
