namespace Horizont.Jugendamt.Pages;

/// <summary>The addresses of the Jugendamt's staff pages (navigation, links in follow-up e-mails, redirects after a change).</summary>
public static class JugendamtPageRoutes
{
    public const string Referrals = "/jugendamt/zuweisungen";

    public const string NewReferral = "/jugendamt/zuweisungen/neu";

    public const string FollowUps = "/jugendamt/wiedervorlagen";

    /// <summary>One referral, with <c>{id}</c> for the referral id.</summary>
    public const string Referral = "/jugendamt/zuweisungen/{id}";

    public static string ReferralOf(Guid referralId) => Referral.Replace("{id}", referralId.ToString(), StringComparison.Ordinal);

    /// <summary>The draft report to the court of one referral.</summary>
    public static string CourtReportOf(Guid referralId) => ReferralOf(referralId) + "/bericht";
}
