using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Horizont.Hosting.Security;

/// <summary>
/// <c>/admin/api/keys</c> (list, create, revoke) and <c>/admin/api/audit</c> (query), for the <c>Administrator</c> role,
/// with an API key or a bearer token. Querying the audit trail is itself audited.
/// </summary>
public static class Administration
{
    public const string Keys = "/admin/api/keys";

    public const string Audit = "/admin/api/audit";

    public sealed record CreateKeyRequest(string? Name, string? Agency, string? Role);

    public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string ActorKind, string? AgencyId, string Action,
        Guid? ReferralId, string? Subject, string? Remote, int Status)
    {
        public static AuditRow Of(AuditEntry e) => new(e.Id, e.At, e.Actor, e.ActorKind, e.AgencyId, e.Action, e.ReferralId, e.Subject, e.Remote, e.Status);
    }

    public static IEndpointRouteBuilder MapAdministration(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/api").RequireApi(HorizontRoles.Administrator).WithTags("Administration").ExcludeFromDescription();
        admin.MapGet("/keys", (ApiKeyStore keys, CancellationToken ct) => keys.ListAsync(ct));
        admin.MapPost("/keys", async (CreateKeyRequest? body, ApiKeyStore keys, HttpContext http) =>
        {
            var (created, errors) = await keys.CreateAsync(body?.Name, body?.Agency, body?.Role, StaffActor.Of(http.User), http.RequestAborted);
            return created is null ? Results.ValidationProblem(errors.ToDictionary()) : Results.Created($"{Keys}/{created.Key.Id}", created);
        }).Audited("key.create", result => (result as CreatedApiKey)?.Key.Id.ToString());
        admin.MapDelete("/keys/{key}", async (string key, ApiKeyStore keys, HttpContext http) =>
            await keys.RevokeAsync(key, StaffActor.Of(http.User), http.RequestAborted) is { } revoked
                ? Results.Ok(revoked)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Diesen Schlüssel gibt es nicht."))
            .Audited("key.revoke", result => (result as ApiKeyView)?.Id.ToString());
        admin.MapGet("/audit", QueryAsync).Audited("audit.read");
        return routes;
    }

    private static async Task<IResult> QueryAsync(string? referralId, string? user, string? from, string? to, int? limit, AuditTrail trail, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? referral = null;
        if (!string.IsNullOrEmpty(referralId))
        {
            if (Guid.TryParse(referralId, out var parsed))
                referral = parsed;
            else
                errors["referralId"] = ["Die Zuweisungs-ID ist keine gültige ID (GUID)."];
        }

        var fromAt = ParseTime(from, "from", errors);
        var toAt = ParseTime(to, "to", errors);
        if (limit is < 1 or > AuditTrail.MaxQuery)
            errors["limit"] = [$"Die Anzahl muss zwischen 1 und {AuditTrail.MaxQuery} liegen."];
        if (errors.Count > 0)
            return Results.ValidationProblem(errors);

        var rows = await trail.QueryAsync(new AuditQuery(referral, user, fromAt, toAt, limit ?? 200), ct);
        return Results.Ok(rows.Select(AuditRow.Of).ToList());
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        errors[field] = ["Der Zeitpunkt ist nicht lesbar; erwartet wird z. B. 2026-12-01 oder 2026-12-01T08:00:00Z."];
        return null;
    }
}
