using System.Security.Claims;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;

namespace Horizont.Provider.Endpoints;

/// <summary>
/// Who may take which step and what its audit row is called, once for the API and the pages (docs/security.md's matrix):
/// intake answers a referral, every provider role records the intake meeting, casework does the rest.
/// </summary>
public static class StepPermissions
{
    private static readonly string[] Deciders = [HorizontRoles.ProviderIntake, HorizontRoles.ProviderTeamLead];

    private static readonly string[] Caseworkers = [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead];

    /// <summary>The roles that may take <paramref name="step"/>.</summary>
    public static string[] RolesFor(CaseStep step) => step switch
    {
        CaseStep.Accept or CaseStep.Decline => Deciders,
        CaseStep.ScheduleIntake or CaseStep.RecordIntakeHeld or CaseStep.RecordIntakeMissed => HorizontRoles.Provider,
        CaseStep.ArrangePlacement or CaseStep.LogHours or CaseStep.ReportNonCompliance or CaseStep.RequestExtension or CaseStep.Complete => Caseworkers,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step staff take."),
    };

    /// <summary>Whether <paramref name="user"/> holds a role that may take <paramref name="step"/>.</summary>
    public static bool MayTake(ClaimsPrincipal user, CaseStep step) => RolesFor(step).Any(user.IsInRole);

    /// <summary>The audit action of <paramref name="step"/>, the same from the API and a page.</summary>
    public static string AuditAction(CaseStep step) => step switch
    {
        CaseStep.Accept => "case.accept",
        CaseStep.Decline => "case.decline",
        CaseStep.ScheduleIntake => "case.intake-schedule",
        CaseStep.RecordIntakeHeld => "case.intake-held",
        CaseStep.RecordIntakeMissed => "case.intake-missed",
        CaseStep.ArrangePlacement => "case.placement",
        CaseStep.LogHours => "case.hours",
        CaseStep.ReportNonCompliance => "case.noncompliance",
        CaseStep.RequestExtension => "case.extension-request",
        CaseStep.Complete => "case.complete",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step staff take."),
    };
}
