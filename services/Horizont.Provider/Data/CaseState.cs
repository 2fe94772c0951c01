namespace Horizont.Provider.Data;

/// <summary>Where a case stands at the provider (domain.md, "The life of a referral"). Stored by name.</summary>
public enum CaseState
{
    Submitted,
    Accepted,
    Declined,
    IntakeScheduled,
    /// <summary>The young person did not come to the intake meeting (nicht erschienen).</summary>
    IntakeMissed,
    IntakeHeld,
    Placed,
    InProgress,
    NonComplianceReported,
    Completed,
    Withdrawn,
    /// <summary>Not reached yet: closing and erasure come with the retention issue.</summary>
    Closed,
}
