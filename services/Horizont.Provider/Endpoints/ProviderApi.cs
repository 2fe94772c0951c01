using Horizont.Hosting.Outbox;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Endpoints;

/// <summary>The staff API of the provider: list and read cases, accept or decline a referral.</summary>
public static class ProviderApi
{
    /// <summary>The OpenAPI document (and ApiExplorer group) the provider's routes belong to.</summary>
    public const string DocumentName = "provider";

    /// <summary>
    /// Who acts, for the case history. Real authentication comes with a later issue; until then the
    /// staff front end names the user in this header and an absent header records "staff".
    /// </summary>
    public const string ActorHeader = "X-Horizont-User";

    public const string DefaultActor = "staff";
    public const int MaxDeclineNoteLength = 500;
    private const int MaxActorLength = 100;

    private static readonly IReadOnlyList<string> StateNames = Enum.GetNames<CaseState>();

    public static IEndpointRouteBuilder MapProviderApi(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/provider/api/cases").WithGroupName(DocumentName).WithTags("Cases");

        cases.MapGet("/", ListCasesAsync)
            .WithName("ListCases")
            .WithSummary("Cases, newest first; optionally only those in one state.")
            .Produces<IReadOnlyList<CaseSummary>>()
            .ProducesValidationProblem();

        cases.MapGet("/{referralId:guid}", GetCaseAsync)
            .WithName("GetCase")
            .WithSummary("One case with the young person, the constraints, the caseworker and the history.")
            .Produces<CaseDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapPost("/{referralId:guid}/accept", AcceptAsync)
            .WithName("AcceptCase")
            .WithSummary("Accepts a submitted referral and reports it to the referring Jugendamt.")
            .Produces<CaseSummary>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        cases.MapPost("/{referralId:guid}/decline", DeclineAsync)
            .WithName("DeclineCase")
            .WithSummary("Declines a submitted referral with a reason code and reports it to the referring Jugendamt.")
            .Accepts<DeclineRequest>("application/json")
            .Produces<CaseSummary>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return routes;
    }

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
            .SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken);
        return @case is null ? CaseNotFound(referralId) : Results.Ok(CaseDetail.From(@case));
    }

    private static Task<IResult> AcceptAsync(
        Guid referralId,
        [FromHeader(Name = ActorHeader)] string? user,
        CaseDbContext db,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var actor = ActorOf(user);
        return TakeStepAsync(db, referralId, CaseStep.Accept, loggers, @case =>
        {
            var now = time.GetUtcNow();
            @case.Accept(now, actor);
            var message = new ReferralAccepted
            {
                ReferralId = @case.ReferralId,
                SenderAgencyId = @case.ProviderId,
                ReceiverAgencyId = @case.JugendamtId,
                AcceptedAt = now,
            };
            var sent = db.EnqueueSend(message, destinationAgencyId: @case.JugendamtId, @case.ReferralId, now);
            @case.RecordMessageSent(now, nameof(ReferralAccepted), sent.MessageId);
            return sent;
        }, cancellationToken);
    }

    private static async Task<IResult> DeclineAsync(
        Guid referralId,
        [FromBody] DeclineRequest? body,
        [FromHeader(Name = ActorHeader)] string? user,
        CaseDbContext db,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.RequireCode("reasonCode", body?.ReasonCode, DeclineReasonCodes.All);
        errors.MaxLength("note", body?.Note, MaxDeclineNoteLength);
        if (errors.Any)
            return errors.ToProblem();

        var reasonCode = body!.ReasonCode!;
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        var actor = ActorOf(user);
        return await TakeStepAsync(db, referralId, CaseStep.Decline, loggers, @case =>
        {
            var now = time.GetUtcNow();
            @case.Decline(now, actor, reasonCode, note);
            var message = new ReferralDeclined
            {
                ReferralId = @case.ReferralId,
                SenderAgencyId = @case.ProviderId,
                ReceiverAgencyId = @case.JugendamtId,
                ReasonCode = reasonCode,
                Note = note,
                DeclinedAt = now,
            };
            var sent = db.EnqueueSend(message, destinationAgencyId: @case.JugendamtId, @case.ReferralId, now);
            @case.RecordMessageSent(now, nameof(ReferralDeclined), sent.MessageId);
            return sent;
        }, cancellationToken);
    }

    /// <summary>
    /// Loads the case, checks the step against the case's rules, lets <paramref name="take"/> change the
    /// case and write the answer to the outbox, and saves both in one transaction.
    /// </summary>
    private static async Task<IResult> TakeStepAsync(
        CaseDbContext db,
        Guid referralId,
        CaseStep step,
        ILoggerFactory loggers,
        Func<Case, OutboxMessage> take,
        CancellationToken cancellationToken)
    {
        var @case = await db.Cases.SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken);
        if (@case is null)
            return CaseNotFound(referralId);
        if (@case.WhyNot(step) is { } reason)
            return StepNotAllowed(reason);

        var sent = take(@case);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else moved the case between our read and our write; nothing of ours was saved.
            return StepNotAllowed("Die Zuweisung wurde gerade von jemand anderem bearbeitet. Bitte neu laden und prüfen.");
        }

        loggers.CreateLogger(typeof(ProviderApi)).LogInformation(
            "Referral {ReferralId}: step {Step} taken, now {State}; {MessageType} {MessageId} queued for {JugendamtId}",
            @case.ReferralId, step, @case.State, sent.MessageType, sent.MessageId, @case.JugendamtId);
        return Results.Ok(CaseSummary.From(@case));
    }

    private static string ActorOf(string? user)
    {
        var trimmed = user?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return DefaultActor;
        return trimmed.Length <= MaxActorLength ? trimmed : trimmed[..MaxActorLength];
    }

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
}
