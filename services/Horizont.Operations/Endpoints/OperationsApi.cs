using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Operations.Endpoints;

/// <summary>The failure groups, or why there are none to see on this transport.</summary>
public sealed record FailuresAnswer(string? UnavailableReason, IReadOnlyList<FailureGroup> Groups);

/// <summary>One group with its messages: metadata only, never a body.</summary>
public sealed record FailureGroupAnswer(FailureGroup Group, IReadOnlyList<FailedMessage> Messages);

/// <summary>Body of a discard: why (required, kept in the archive).</summary>
public sealed record DiscardRequest(string? Reason);

/// <summary>An alert in the list.</summary>
public sealed record AlertView(
    Guid Id, AlertRule Rule, string Title, string Subject, string Text, bool Open, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt,
    AlertMailState Mail, DateTimeOffset? MailSentAt, string? MailLastError)
{
    public static AlertView Of(OperationsAlert a) => new(
        a.Id, a.Rule, Alerts.AlertMonitor.TitleOf(a.Rule), a.Subject, a.Text, a.ResolvedAt is null, a.RaisedAt, a.ResolvedAt, a.Mail, a.MailSentAt, a.MailLastError);
}

/// <summary>A replay or discard in the archive: who, when, why, and what had failed.</summary>
public sealed record ArchiveEntry(
    Guid Id, FailureActionKind Kind, Guid MessageId, Guid? ReferralId, string GroupId, string MessageType, string ExceptionType,
    string ExceptionMessage, string OriginalQueue, DateTimeOffset? FailedAt, string? Reason, string Actor, DateTimeOffset At);

public static class OperationsApi
{
    public const string DocumentName = "operations";

    public const int MaxReasonLength = 500;

    private const int MaxList = 500;

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        // Operations staff and horizont-ops only, with an API key or a bearer token: a browser's cookie never counts,
        // so a cross-site form post cannot replay or discard anything.
        var api = routes.MapGroup("/ops/api").WithGroupName(DocumentName).RequireApi(HorizontRoles.Operations);

        api.MapGet("/queues", (IQueueSource queues, CancellationToken ct) => queues.ReadAsync(ct))
            .WithTags("Queues").WithName("ListQueues")
            .WithSummary("Every queue with depth, ready and unacknowledged counts, rates, consumers and the age of its oldest message where the broker tells it.");

        api.MapGet("/queues/unserved", UnservedAsync)
            .WithTags("Queues").WithName("ListUnservedQueues")
            .WithSummary("Partner queues in which messages wait with no consumer (from the broker, or held in the senders' outboxes on the " +
                "in-memory transport): depth and the time of the oldest message, null where the broker does not tell it.");

        var failures = api.MapGroup("/failures").WithTags("Failures");
        failures.MapGet("/", async (FailureCatalog catalog, CancellationToken ct) =>
                new FailuresAnswer(catalog.UnavailableReason, await catalog.GroupsAsync(ct)))
            .WithName("ListFailureGroups")
            .WithSummary("Failed messages grouped by queue, message type and failure; ids and reasons, never a message body.");
        failures.MapGet("/archive", ArchiveAsync)
            .WithName("ListArchive")
            .WithSummary("Replays and discards, newest first: who, when, why, and what had failed.");
        failures.MapGet("/{groupId}", async (string groupId, FailureCatalog catalog, CancellationToken ct) =>
                await catalog.GroupAsync(groupId, ct) is { } found
                    ? Results.Ok(new FailureGroupAnswer(found.Group, found.Messages))
                    : GroupNotFound(groupId))
            .WithName("GetFailureGroup")
            .WithSummary("One failure group with its messages: message id, referral id, time, exception, stack trace and headers.")
            .Produces<FailureGroupAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        failures.MapPost("/{groupId}/replay", (string groupId, HttpContext http, FailureCatalog catalog) =>
                ActAsync(http, FailureActionKind.Replayed, groupId, (actor, ct) => catalog.ReplayGroupAsync(groupId, actor, ct),
                    () => GroupNotFound(groupId)))
            .WithName("ReplayFailureGroup")
            .WithSummary("Sends every message of the group back to its original queue; each leaves the error queue once the broker confirmed it.")
            .Produces<ActionOutcome>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        failures.MapPost("/{groupId}/discard", (string groupId, DiscardRequest? body, HttpContext http, FailureCatalog catalog) =>
                CheckReason(body?.Reason) is { } invalid ? Task.FromResult(invalid)
                : ActAsync(http, FailureActionKind.Discarded, groupId,
                    (actor, ct) => catalog.DiscardGroupAsync(groupId, actor, body!.Reason!.Trim(), ct), () => GroupNotFound(groupId)))
            .WithName("DiscardFailureGroup")
            .WithSummary("Moves every message of the group into the archive with the reason (who, when, why); the body is not kept.")
            .Produces<ActionOutcome>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        failures.MapPost("/messages/{messageId:guid}/replay", (Guid messageId, HttpContext http, FailureCatalog catalog) =>
                ActAsync(http, FailureActionKind.Replayed, messageId.ToString(),
                    (actor, ct) => catalog.ReplayMessageAsync(messageId, actor, ct), () => MessageNotFound(messageId)))
            .WithName("ReplayFailedMessage")
            .WithSummary("Sends one failed message back to its original queue.")
            .Produces<ActionOutcome>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        failures.MapPost("/messages/{messageId:guid}/discard", (Guid messageId, DiscardRequest? body, HttpContext http, FailureCatalog catalog) =>
                CheckReason(body?.Reason) is { } invalid ? Task.FromResult(invalid)
                : ActAsync(http, FailureActionKind.Discarded, messageId.ToString(),
                    (actor, ct) => catalog.DiscardMessageAsync(messageId, actor, body!.Reason!.Trim(), ct), () => MessageNotFound(messageId)))
            .WithName("DiscardFailedMessage")
            .WithSummary("Moves one failed message into the archive with the reason.")
            .Produces<ActionOutcome>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/heartbeats", (HeartbeatBoard board, CancellationToken ct) => board.ReadAsync(ct))
            .WithTags("Heartbeats").WithName("ListHeartbeats")
            .WithSummary("Every service instance: version, last heartbeat, alive, late (two beats missed) or gone (three), and its outbox backlog.");

        api.MapGet("/alerts", AlertsAsync)
            .WithTags("Alerts").WithName("ListAlerts")
            .WithSummary("Alerts, newest first; ?state=open|resolved|all (default all).")
            .Produces<IReadOnlyList<AlertView>>()
            .ProducesValidationProblem();
        return routes;
    }

    /// <summary>The German error for a missing or too long discard reason, or null when it is fine.</summary>
    public static IResult? CheckReason(string? reason)
    {
        var error = ReasonError(reason);
        return error is null ? null : Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [error] });
    }

    public static string? ReasonError(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Bitte einen Grund angeben: er wird mit Name und Zeitpunkt im Archiv festgehalten."
        : reason.Trim().Length > MaxReasonLength ? $"Der Grund darf höchstens {MaxReasonLength} Zeichen lang sein (hat {reason.Trim().Length})."
        : null;

    private static async Task<IResult> AlertsAsync(string? state, OperationsDbContext db, CancellationToken ct)
    {
        var query = db.Alerts.AsNoTracking();
        switch (state?.ToLowerInvariant())
        {
            case null or "" or "all":
                break;
            case "open":
                query = query.Where(a => a.OpenKey != null);
                break;
            case "resolved":
                query = query.Where(a => a.OpenKey == null);
                break;
            default:
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["state"] = [$"„{Hosting.Validation.FieldErrors.Shorten(state)}“ ist kein zulässiger Wert; zulässig: open, resolved, all."],
                });
        }

        var alerts = await query.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).Take(MaxList).ToListAsync(ct);
        return Results.Ok(alerts.Select(AlertView.Of).ToList());
    }

    /// <summary>
    /// The unserved queues from both sources. A source that cannot be read adds nothing (the queue list says why).
    /// </summary>
    public static async Task<IReadOnlyList<UnservedQueue>> UnservedAsync(IQueueSource queues, HeartbeatBoard board, CancellationToken ct) =>
        UnservedQueue.Of(await queues.ReadAsync(ct), await board.ReadAsync(ct));

    private static async Task<IReadOnlyList<ArchiveEntry>> ArchiveAsync(OperationsDbContext db, CancellationToken ct) =>
        await db.FailureActions.AsNoTracking()
            .OrderByDescending(a => a.At).ThenBy(a => a.Id)
            .Take(MaxList)
            .Select(a => new ArchiveEntry(a.Id, a.Kind, a.MessageId, a.ReferralId, a.GroupId, a.MessageType, a.ExceptionType, a.ExceptionMessage,
                a.OriginalQueue, a.FailedAt, a.Reason, a.Actor, a.At))
            .ToListAsync(ct);

    /// <summary>The action as the signed-in principal (audited when there was anything to act on), or <paramref name="notFound"/>.</summary>
    private static async Task<IResult> ActAsync(
        HttpContext http, FailureActionKind kind, string subject, Func<string, CancellationToken, Task<ActionOutcome?>> act, Func<IResult> notFound) =>
        await FailureActions.RunAsync(http, kind, subject, act, StatusCodes.Status200OK) is { } outcome ? Results.Ok(outcome) : notFound();

    private static IResult GroupNotFound(string groupId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Fehlergruppe nicht gefunden",
            detail: $"Keine fehlgeschlagene Nachricht gehört (noch) zur Gruppe {Hosting.Validation.FieldErrors.Shorten(groupId)}.");

    private static IResult MessageNotFound(Guid messageId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nachricht nicht gefunden",
            detail: $"Die Nachricht {messageId} liegt in keiner Fehler-Queue (mehr).");
}
