using Horizont.Messages;

namespace Horizont.Provider.Data;

/// <summary>A step staff (or a partner's message) can take on a case; <see cref="Case.WhyNot"/> says whether it is allowed.</summary>
public enum CaseStep
{
    Accept,
    Decline,
    ScheduleIntake,
    RecordIntakeHeld,
    RecordIntakeMissed,
    ArrangePlacement,
    LogHours,
    ReportNonCompliance,
    RequestExtension,
    Complete,
    /// <summary>The Jugendamt's <see cref="AmendReferral"/> after a court decision.</summary>
    Amend,
    /// <summary>The Jugendamt's <see cref="WithdrawReferral"/>.</summary>
    Withdraw,
}
