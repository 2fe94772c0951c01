namespace Horizont.Provider.Pages;

/// <summary>The addresses of the provider's staff pages (navigation, links in reminder e-mails, redirects after a step).</summary>
public static class ProviderPageRoutes
{
    public const string Intake = "/provider/eingang";

    public const string Cases = "/provider/faelle";

    /// <summary>One case (Fallakte), with <c>{id}</c> for the referral id.</summary>
    public const string Case = "/provider/faelle/{id}";

    public const string PlacementSites = "/provider/einsatzstellen";

    public const string Reminders = "/provider/erinnerungen";

    public static string CaseOf(Guid referralId) => Case.Replace("{id}", referralId.ToString(), StringComparison.Ordinal);
}
