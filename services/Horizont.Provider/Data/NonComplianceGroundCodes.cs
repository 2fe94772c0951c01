namespace Horizont.Provider.Data;

/// <summary>Why staff should consider reporting non-compliance now (shown on the case, not sent anywhere).</summary>
public static class NonComplianceGroundCodes
{
    /// <summary>The intake meeting was missed twice: domain.md, "a second miss prompts a non-compliance report".</summary>
    public const string IntakeMissedTwice = "INTAKE_MISSED_TWICE";
}
