using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Reminders;

/// <summary>A reminder as the staff list shows it: ids, codes, times and the German title; never a name.</summary>
public sealed record ReminderView(
    Guid Id,
    string Rule,
    string Title,
    string Text,
    string? Detail,
    Guid ReferralId,
    string FileReference,
    string Team,
    DateTimeOffset DueAt,
    DateTimeOffset RaisedAt,
    ReminderState State,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    ReminderMailState Mail,
    DateTimeOffset? MailSentAt,
    string? MailLastError,
    string Link);

/// <summary>Which reminders a list shows.</summary>
public enum ReminderFilter
{
    Open,
    Acknowledged,
    All,
}

public static class ReminderEndpoints
{
    private const int MaxList = 500;

    /// <summary>
    /// <c>GET {path}</c> (open ones by default, newest due first; <c>?state=acknowledged|all</c>) and
    /// <c>POST {path}/{id}/acknowledge</c> (by the signed-in member of staff), for <paramref name="roles"/> of <paramref name="agencyId"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapReminders<TContext>(this IEndpointRouteBuilder routes, string path, string documentName, string tag,
        string agencyId, params string[] roles)
        where TContext : DbContext
    {
        var group = routes.MapGroup(path).WithGroupName(documentName).WithTags(tag).RequireApi(roles).ForAgency(agencyId);
        group.MapGet("/", (string? state, HttpContext http) =>
                ListAsync(state, http.RequestServices.GetRequiredService<TContext>(), http.RequestServices.GetRequiredService<ReminderSetup<TContext>>(), http.RequestAborted))
            .WithName($"List{tag}")
            .WithSummary("Reminders raised for this agency's staff, once per occasion: rule, referral id, file reference, due time, state, e-mail state.")
            .Produces<IReadOnlyList<ReminderView>>()
            .ProducesValidationProblem();
        group.MapPost("/{id:guid}/acknowledge", (Guid id, HttpContext http) =>
                AcknowledgeAsync(id, http.User, http.RequestServices.GetRequiredService<TContext>(), http.RequestServices.GetRequiredService<ReminderSetup<TContext>>(),
                    http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestAborted))
            .WithName($"Acknowledge{tag}")
            .WithSummary("Marks a reminder as dealt with (quittiert), by the signed-in member of staff.")
            .Produces<ReminderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> ListAsync<TContext>(string? state, TContext db, ReminderSetup<TContext> setup, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ReminderFilter? filter = string.IsNullOrEmpty(state) ? ReminderFilter.Open : state.ToLowerInvariant() switch
        {
            "open" => ReminderFilter.Open,
            "acknowledged" => ReminderFilter.Acknowledged,
            "all" => ReminderFilter.All,
            _ => null,
        };
        if (filter is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["state"] = [$"„{Validation.FieldErrors.Shorten(state ?? "")}“ ist kein zulässiger Wert; zulässig: open, acknowledged, all."],
            });
        }

        var reminders = await ReminderDesk.Query(db, filter.Value).Take(MaxList).ToListAsync(cancellationToken);
        return Results.Ok(reminders.Select(r => View(r, setup)).ToList());
    }

    private static async Task<IResult> AcknowledgeAsync<TContext>(
        Guid id, System.Security.Claims.ClaimsPrincipal user, TContext db, ReminderSetup<TContext> setup, TimeProvider time, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        return await ReminderDesk.AcknowledgeAsync(db, id, StaffActor.Of(user), time.GetUtcNow(), teams: null, cancellationToken) switch
        {
            AcknowledgeOutcome.Done done => Results.Ok(View(done.Reminder, setup)),
            AcknowledgeOutcome.AlreadyAcknowledged already => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Bereits quittiert", detail: already.Reason),
            _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Erinnerung nicht gefunden", detail: $"Es gibt keine Erinnerung {id}."),
        };
    }

    private static ReminderView View<TContext>(Reminder r, ReminderSetup<TContext> setup)
        where TContext : DbContext
    {
        var rule = setup.Timing.Rule(r.Rule);
        return new ReminderView(r.Id, r.Rule, rule.Title, rule.Text, r.Detail, r.ReferralId, r.FileReference, r.Team, r.DueAt, r.RaisedAt,
            r.State, r.AcknowledgedAt, r.AcknowledgedBy, r.Mail, r.MailSentAt, r.MailLastError, setup.LinkTo(r.ReferralId));
    }
}
