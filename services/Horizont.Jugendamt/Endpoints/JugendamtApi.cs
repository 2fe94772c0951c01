using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Security;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Erasure;
using Horizont.Hosting.Retention;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Reports;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Endpoints;

/// <summary>The Jugendamt's HTTP API: hand a referral over, amend or withdraw it, read the ledger.</summary>
public static class JugendamtApi
{
    public const string DocumentName = "jugendamt";
    public const string Referrals = "/jugendamt/api/referrals";

    /// <summary>Requests larger than this are refused (a referral is a few kilobytes).</summary>
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// The routes, for API keys and bearer tokens of <paramref name="agencyId"/> with the role JugendamtCasework only (another
    /// agency's principal gets 404). Every answer that shows a young person's data, and every change, leaves an audit row.
    /// </summary>
    public static IEndpointRouteBuilder MapJugendamtApi(this IEndpointRouteBuilder routes, string agencyId)
    {
        // Only this service's document under its own prefix (the provider side maps its own).
        routes.MapOpenApi($"/jugendamt/openapi/{{documentName:regex(^{DocumentName}$)}}.json");

        var api = routes.MapGroup(Referrals).WithGroupName(DocumentName).WithTags("Referrals")
            .RequireApi(HorizontRoles.JugendamtCasework)
            .ForAgency(agencyId);
        api.MapPost("", SubmitAsync)
            .WithName("SubmitReferral")
            .WithSummary("Hand a referral over to its provider (Zuweisung).")
            .Accepts<ReferralRequest>("application/json")
            .Produces<ReferralSubmittedResponse>(StatusCodes.Status202Accepted)
            .Produces<ReferralSubmittedResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Audited("referral.submit", referral: result => (result as ReferralSubmittedResponse)?.ReferralId);
        api.MapPost("{referralId:guid}/amend", AmendAsync)
            .WithName("AmendReferral")
            .WithSummary("Send an amendment after a court decision (Änderung): new hours and/or a new deadline.")
            .WithDescription("Allowed once the provider has accepted the referral and until it ends or its withdrawal is requested. "
                + "The amendment's id is derived from its content: the same amendment again is answered 200 and sent once.")
            .Accepts<AmendmentRequest>("application/json")
            .ProducesChangeAnswers()
            .Audited("referral.amend");
        api.MapPost("{referralId:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawReferral")
            .WithSummary("Send a withdrawal (Beendigung): the referral ends without the hours being worked, once the provider acknowledges it.")
            .WithDescription("Allowed until the referral has ended; the status is WithdrawalRequested until the provider's acknowledgement. "
                + "The same withdrawal again is answered 200 and sent once.")
            .Accepts<WithdrawalRequest>("application/json")
            .ProducesChangeAnswers()
            .Audited("referral.withdraw");
        api.MapPost("{referralId:guid}/court-report", RecordCourtReportAsync)
            .WithName("RecordCourtReport")
            .WithSummary("Record that the outcome was reported to the court or prosecutor (Bericht an das Gericht): after a completion the "
                + "referral is Closed and its follow-up CourtReportAfterCompletion ends; after a non-compliance report it is AwaitingCourt.")
            .WithDescription("Allowed in status Completed and NonComplianceReported; reportedOn is required, not in the future and not before "
                + "the completion (or the non-compliance report).")
            .Accepts<CourtReportRequest>("application/json")
            .Produces<ReferralListItem>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("referral.court-report");
        api.MapPost("{referralId:guid}/erase", EraseAsync)
            .WithName("EraseReferral")
            .WithSummary("Erase the referral's personal data now (right to erasure), in the ledger and, by EraseReferral, at its provider.")
            .WithDescription("Allowed once the referral has ended (Declined, Completed, Withdrawn, Closed); a running referral is refused "
                + "with 409. The ledger keeps ids, dates, hours and codes. Answered 202 when sent, 200 when erased before (nothing sent again).")
            .Produces<ReferralListItem>(StatusCodes.Status202Accepted)
            .Produces<ReferralListItem>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Audited("referral.erase", subject: _ => ErasureAudit.Request);
        api.MapGet("{referralId:guid}", GetAsync)
            .WithName("GetReferral")
            .WithSummary("A referral's status, figures, what the provider reported, and its history.")
            .Produces<ReferralDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("referral.read");
        api.MapGet("", ListAsync)
            .WithName("ListReferrals")
            .WithSummary("Referrals in the ledger, newest first; optionally of one status.")
            .Produces<IReadOnlyList<ReferralListItem>>()
            .ProducesValidationProblem()
            .Audited("referral.list", subject: result => result is IReadOnlyCollection<ReferralListItem> rows ? $"{rows.Count} rows" : null);
        return routes;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http,
        ReferralValidator validator,
        ReferralHandover handover,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Die Anfrage ist zu groß.", detail: $"Höchstens {MaxBodyBytes / 1024} KB je Zuweisung.");
        }

        var errors = new FieldErrors();
        var draft = ReferralJsonReader.Read(body, errors);
        var message = draft is null ? null : validator.Validate(draft, errors);
        if (message is null)
            return errors.ToProblem();

        var outcome = await handover.HandOverAsync(message, StaffActor.Of(http.User), "API", cancellationToken);
        var location = $"{Referrals}/{message.ReferralId}";
        var response = new ReferralSubmittedResponse(message.ReferralId);
        switch (outcome)
        {
            case HandoverOutcome.HandedOver:
                return Results.Accepted(location, response);
            case HandoverOutcome.AlreadyHandedOver:
                http.Response.Headers.Location = location;
                return Results.Ok(response);
            default:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "Diese referralId wurde bereits mit anderem Inhalt übergeben.",
                    detail: ReferralHandover.ConflictReason(message.ReferralId));
        }
    }

    private static Task<IResult> AmendAsync(
        Guid referralId, HttpContext http, ReferralChangeValidator validator, ChangeHandover handover, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, ReferralChangeKind.Amendment, http, validator, handover, cancellationToken);

    private static Task<IResult> WithdrawAsync(
        Guid referralId, HttpContext http, ReferralChangeValidator validator, ChangeHandover handover, CancellationToken cancellationToken) =>
        ChangeAsync(referralId, ReferralChangeKind.Withdrawal, http, validator, handover, cancellationToken);

    /// <summary>Reads and checks the body with the same reader rules and validator as an intake file, then sends the change.</summary>
    private static async Task<IResult> ChangeAsync(
        Guid referralId,
        ReferralChangeKind kind,
        HttpContext http,
        ReferralChangeValidator validator,
        ChangeHandover handover,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Die Anfrage ist zu groß.", detail: $"Höchstens {MaxBodyBytes / 1024} KB je {ReferralChangeFields.Noun(kind)}.");
        }

        var errors = new FieldErrors();
        var draft = ReferralChangeJsonReader.ReadBody(body, kind, referralId, errors);
        var change = draft is null ? null : validator.Validate(draft, errors);
        if (change is null)
            return errors.ToProblem();

        ChangeResult result;
        try
        {
            result = await handover.SendAsync(change, StaffActor.Of(http.User), "API", cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.IsConflict(ex))
        {
            // Other writers changed the referral at each of the handover's attempts (it logged them): nothing was sent.
            return ConcurrentChange();
        }

        var response = new ReferralChangeResponse(change.ReferralId, change.ChangeId);
        var location = $"{Referrals}/{change.ReferralId}";
        switch (result.Outcome)
        {
            case ChangeOutcome.Sent:
                return Results.Accepted(location, response);
            case ChangeOutcome.AlreadySent:
                http.Response.Headers.Location = location;
                return Results.Ok(response);
            case ChangeOutcome.UnknownReferral:
                return NotFound(referralId);
            default:
                return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: kind == ReferralChangeKind.Amendment ? "Die Zuweisung kann jetzt nicht geändert werden." : "Die Zuweisung kann jetzt nicht beendet werden.",
                    detail: result.Reason);
        }
    }

    private static async Task<IResult> RecordCourtReportAsync(
        Guid referralId, CourtReportRequest? request, HttpContext http, CourtReports reports, CancellationToken cancellationToken) =>
        await reports.RecordAsync(referralId, request?.ReportedOn, StaffActor.Of(http.User), cancellationToken) switch
        {
            CourtReportOutcome.Done done => Results.Ok(ReferralListItem.From(done.Referral)),
            CourtReportOutcome.NotFound => NotFound(referralId),
            CourtReportOutcome.Invalid invalid => invalid.Errors.ToProblem(),
            CourtReportOutcome.NotAllowed notAllowed => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Bericht an das Gericht nicht möglich",
                detail: notAllowed.Reason),
            _ => throw new InvalidOperationException("Unknown court report outcome."),
        };

    private static async Task<IResult> EraseAsync(Guid referralId, HttpContext http, ErasureRequests erasures, CancellationToken cancellationToken) =>
        await erasures.RequestAsync(referralId, StaffActor.Of(http.User), cancellationToken) switch
        {
            ErasureOutcome.Sent sent => Results.Accepted($"{Referrals}/{referralId}", sent.Referral),
            ErasureOutcome.AlreadyErased erased => Results.Ok(erased.Referral),
            ErasureOutcome.NotFound => NotFound(referralId),
            ErasureOutcome.NotAllowed notAllowed => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Löschen nicht möglich",
                detail: notAllowed.Reason),
            _ => throw new InvalidOperationException("Unknown erasure outcome."),
        };

    private static async Task<IResult> GetAsync(Guid referralId, LedgerDbContext db, CancellationToken cancellationToken) =>
        await ReferralLedgerQuery.DetailAsync(db, referralId, cancellationToken) is { } detail ? Results.Ok(detail) : NotFound(referralId);

    private static IResult ConcurrentChange() =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Gleichzeitig geändert",
            detail: "Die Zuweisung wurde gerade anderweitig geändert. Bitte neu laden und prüfen.");

    private static IResult NotFound(Guid referralId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Zuweisung nicht gefunden.", detail: $"Keine Zuweisung mit der Kennung {referralId}.");

    private static async Task<IResult> ListAsync(string? status, LedgerDbContext db, CancellationToken cancellationToken)
    {
        ReferralStatus? wanted = null;
        if (status is not null)
        {
            if (!ReferralLedgerQuery.TryParseStatus(status, out var parsed))
            {
                return new FieldErrors()
                    .Add("status", $"Unbekannter Status '{FieldErrors.Shorten(status)}'. Erlaubt: {string.Join(", ", Enum.GetNames<ReferralStatus>())}.")
                    .ToProblem();
            }

            wanted = parsed;
        }

        var items = await ReferralLedgerQuery.List(db, wanted)
            .Select(ReferralListItem.Projection)
            .ToListAsync(cancellationToken);
        return Results.Ok(items);
    }

    /// <summary>The body's bytes, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>What an amendment or a withdrawal can answer: sent, sent before, wrong input, unknown referral, wrong status, too large.</summary>
    private static RouteHandlerBuilder ProducesChangeAnswers(this RouteHandlerBuilder route) => route
        .Produces<ReferralChangeResponse>(StatusCodes.Status202Accepted)
        .Produces<ReferralChangeResponse>(StatusCodes.Status200OK)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
