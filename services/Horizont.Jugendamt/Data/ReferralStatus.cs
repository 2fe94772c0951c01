namespace Horizont.Jugendamt.Data;

/// <summary>The life of a referral as the Jugendamt's ledger sees it (stored as its name).</summary>
public enum ReferralStatus
{
    Submitted,
    Accepted,
    Declined,
    IntakeScheduled,
    IntakeHeld,
    Placed,
    InProgress,
    NonComplianceReported,
    AwaitingCourt,
    Amended,
    Completed,
    Withdrawn,
    Closed,
}
