namespace Horizont.Jugendamt.Pages;

/// <summary>The addresses of the Jugendamt's staff pages (navigation, links in follow-up e-mails, redirects after a change).</summary>
public static class JugendamtPageRoutes
{
    public const string Referrals = "/jugendamt/zuweisungen";

    public const string NewReferral = "/jugendamt/zuweisungen/neu";

    /// <summary>One referral, with <c>{id}</c> for the referral id.</summary>
    public const string Referral = "/jugendamt/zuweisungen/{id}";

    /// <summary>The report to the court or prosecutor for one referral, with <c>{id}</c> for the referral id.</summary>
    public const string CourtReport = "/jugendamt/zuweisungen/{id}/bericht";

    public const string FollowUps = "/jugendamt/wiedervorlagen";

    public static string ReferralOf(Guid referralId) => Referral.Replace("{id}", referralId.ToString(), StringComparison.Ordinal);

    public static string CourtReportOf(Guid referralId) => CourtReport.Replace("{id}", referralId.ToString(), StringComparison.Ordinal);
}
