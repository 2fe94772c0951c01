using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Hosting.Validation;
using Horizont.Provider.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Endpoints;

/// <summary>
/// The staff API of the provider: list and read cases, and take each step of a referral's life. Every
/// step checks its input (400), finds the case (404), asks the case whether the step is allowed (409),
/// and commits the change, its history entries and the message to the Jugendamt in one SaveChanges.
/// </summary>
public static class ProviderApi
{
    /// <summary>The OpenAPI document (and ApiExplorer group) the provider's routes belong to.</summary>
    public const string DocumentName = "provider";

    private static readonly IReadOnlyList<string> StateNames = Enum.GetNames<CaseState>();

    /// <summary>
    /// The routes, for API keys and bearer tokens of <paramref name="agencyId"/> holding a provider role (another agency's
    /// principal gets 404), each step for the roles that may take it; every read and every step leaves an audit row.
    /// </summary>
    public static IEndpointRouteBuilder MapProviderApi(this IEndpointRouteBuilder routes, string agencyId)
    {
        var cases = routes.MapGroup("/provider/api/cases").WithGroupName(DocumentName).WithTags("Cases")
            .RequireApi(HorizontRoles.Provider)
            .ForAgency(agencyId);

        cases.MapGet("/", ListCasesAsync)
            .WithName("ListCases")
            .WithSummary("Cases, newest first; optionally only those in one state (any CaseState name).")
            .Produces<IReadOnlyList<CaseSummary>>()
            .ProducesValidationProblem()
            .Audited("case.list", subject: result => result is IReadOnlyCollection<CaseSummary> rows ? $"{rows.Count} rows" : null);

        cases.MapGet("/{referralId:guid}", GetCaseAsync)
            .WithName("GetCase")
            .WithSummary("One case: young person, order, intake, placement, hours entries, flags (AT_RISK, OVERDUE), canComplete, " +
                "pending extension request, non-compliance report, history. nonComplianceGrounds lists reasons to report non-compliance " +
                "now (INTAKE_MISSED_TWICE after a second missed intake); nonComplianceSuggested is true when it is not empty.")
            .Produces<CaseDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("case.read");

        Step(cases.MapPost("/{referralId:guid}/accept", AcceptAsync)
            .WithName("AcceptCase")
            .WithSummary("Accepts a submitted referral; sends ReferralAccepted."), CaseStep.Accept);

        Step(cases.MapPost("/{referralId:guid}/decline", DeclineAsync)
            .WithName("DeclineCase")
            .WithSummary("Declines a submitted referral with a reason code; sends ReferralDeclined.")
            .Accepts<DeclineRequest>("application/json"), CaseStep.Decline);

        Step(cases.MapPost("/{referralId:guid}/intake/schedule", ScheduleIntakeAsync)
            .WithName("ScheduleIntake")
            .WithSummary("Schedules the intake meeting, from Accepted, or once more after one missed meeting (a second miss calls for a " +
                "non-compliance report: 409); sends IntakeMeetingRecorded (SCHEDULED, nextAppointment)."), CaseStep.ScheduleIntake);

        Step(cases.MapPost("/{referralId:guid}/intake/held", RecordIntakeHeldAsync)
            .WithName("RecordIntakeHeld")
            .WithSummary("Records the scheduled intake meeting as held (date not in the future); sends IntakeMeetingRecorded (HELD)."), CaseStep.RecordIntakeHeld);

        Step(cases.MapPost("/{referralId:guid}/intake/missed", RecordIntakeMissedAsync)
            .WithName("RecordIntakeMissed")
            .WithSummary("Records the scheduled intake meeting as missed (date not in the future); sends IntakeMeetingRecorded (MISSED). " +
                "After the second miss the case shows nonComplianceGrounds INTAKE_MISSED_TWICE."), CaseStep.RecordIntakeMissed);

        Step(cases.MapPost("/{referralId:guid}/placement", ArrangePlacementAsync)
            .WithName("ArrangePlacement")
            .WithSummary("Arranges a placement after the intake meeting, or changes it (Placed, InProgress); sends PlacementArranged " +
                "with the category only: the placement's name stays here."), CaseStep.ArrangePlacement);

        Step(cases.MapPost("/{referralId:guid}/hours", LogHoursAsync)
            .WithName("LogHours")
            .WithSummary("Logs one shift, or a correction (a new entry, never an edit; may be negative or exceed the open hours, never " +
                "takes the total below 0), from Placed or InProgress (the first entry moves Placed to InProgress); sends HoursReported " +
                "with the running total, the last shift date and the flags."), CaseStep.LogHours);

        Step(cases.MapPost("/{referralId:guid}/noncompliance", ReportNonComplianceAsync)
            .WithName("ReportNonCompliance")
            .WithSummary("Reports non-compliance (from intake scheduled up to in progress); sends NonComplianceReported with the hours completed."), CaseStep.ReportNonCompliance);

        Step(cases.MapPost("/{referralId:guid}/extension-request", RequestExtensionAsync)
            .WithName("RequestExtension")
            .WithSummary("Asks the Jugendamt for a later deadline (from IntakeHeld, Placed, InProgress, NonComplianceReported); the state " +
                "stays and the request shows on the case until an amendment sets a deadline; sends ExtensionRequested."), CaseStep.RequestExtension);

        Step(cases.MapPost("/{referralId:guid}/complete", CompleteAsync)
            .WithName("CompleteCase")
            .WithSummary("Reports the hours as worked, from InProgress once hours completed reach the hours ordered (canComplete); " +
                "sends ReferralCompleted with the total hours."), CaseStep.Complete);

        return routes;
    }

    /// <summary>A step: its answers, the roles that may take it, and its audit row (<see cref="StepPermissions"/>).</summary>
    private static RouteHandlerBuilder Step(RouteHandlerBuilder route, CaseStep step) =>
        route
            .Produces<CaseSummary>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireApi(StepPermissions.RolesFor(step))
            .Audited(StepPermissions.AuditAction(step));

    private static async Task<IResult> ListCasesAsync(string? state, CaseDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Cases.AsNoTracking();
        if (!string.IsNullOrEmpty(state))
        {
            var errors = new FieldErrors();
            if (!errors.RequireCode("state", state, StateNames))
                return errors.ToProblem();
            var wanted = Enum.Parse<CaseState>(state);
            query = query.Where(c => c.State == wanted);
        }

        var cases = await query
            .OrderByDescending(c => c.ReceivedAt)
            .ThenBy(c => c.ReferralId)
            .Select(CaseSummary.Projection)
            .ToListAsync(cancellationToken);
        return Results.Ok(cases);
    }

    private static async Task<IResult> GetCaseAsync(Guid referralId, CaseDbContext db, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.AsNoTracking()
            .Include(c => c.History)
            .Include(c => c.HourEntries)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken);
        return @case is null ? CaseNotFound(referralId) : Results.Ok(CaseDetail.From(@case));
    }

    private static async Task<IResult> AcceptAsync(Guid referralId, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.AcceptAsync(referralId, step.Actor, step.CancellationToken));

    private static async Task<IResult> DeclineAsync(Guid referralId, [FromBody] DeclineRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.DeclineAsync(referralId, step.Actor, body?.ReasonCode, body?.Note, step.CancellationToken));

    private static async Task<IResult> ScheduleIntakeAsync(Guid referralId, [FromBody] ScheduleIntakeRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.ScheduleIntakeAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> RecordIntakeHeldAsync(Guid referralId, [FromBody] IntakeOutcomeRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.RecordIntakeHeldAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> RecordIntakeMissedAsync(Guid referralId, [FromBody] IntakeOutcomeRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.RecordIntakeMissedAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> ArrangePlacementAsync(Guid referralId, [FromBody] ArrangePlacementRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.ArrangePlacementAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> LogHoursAsync(Guid referralId, [FromBody] LogHoursRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.LogHoursAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> ReportNonComplianceAsync(Guid referralId, [FromBody] ReportNonComplianceRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.ReportNonComplianceAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> RequestExtensionAsync(Guid referralId, [FromBody] RequestExtensionRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.RequestExtensionAsync(referralId, step.Actor, body, step.CancellationToken));

    private static async Task<IResult> CompleteAsync(Guid referralId, [FromBody] CompleteRequest? body, [AsParameters] StepContext step) =>
        ToResult(await step.Steps.CompleteAsync(referralId, step.Actor, body, step.CancellationToken));

    private static IResult CaseNotFound(Guid referralId) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Zuweisung nicht gefunden.",
            detail: $"Es gibt keinen Fall zur Zuweisung {referralId}.");

    private static IResult StepNotAllowed(string reason) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Dieser Schritt ist nicht möglich.",
            detail: reason);

    /// <summary>The answer of the API to a step's outcome: 200 with the case, 404, 409 or 400 with the fields.</summary>
    private static IResult ToResult(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Done done => Results.Ok(done.Case),
        StepOutcome.NotFound notFound => CaseNotFound(notFound.ReferralId),
        StepOutcome.NotAllowed notAllowed => StepNotAllowed(notAllowed.Reason),
        StepOutcome.Invalid invalid => invalid.Errors.ToProblem(),
        _ => throw new InvalidOperationException($"Unknown step outcome {outcome.GetType().Name}."),
    };

    /// <summary>What every staff step binds besides its body: the one code path of the steps, the clock and the member of staff acting.</summary>
    internal sealed class StepContext
    {
        [FromServices]
        public CaseStepRunner Steps { get; init; } = null!;

        public HttpContext Http { get; init; } = null!;

        public CancellationToken CancellationToken { get; init; }

        /// <summary>The signed-in member of staff (or the API key's name).</summary>
        public string Actor => StaffActor.Of(Http.User);
    }
}
