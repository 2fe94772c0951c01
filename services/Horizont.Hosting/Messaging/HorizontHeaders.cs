namespace Horizont.Hosting.Messaging;

/// <summary>Transport headers Horizont sets; operations reads them instead of the body, which holds personal data.</summary>
public static class HorizontHeaders
{
    public const string ReferralId = "Horizont-ReferralId";
}
