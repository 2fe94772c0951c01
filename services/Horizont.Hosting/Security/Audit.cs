using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Security;

/// <summary>
/// One look at a young person's data or one change: who, when, what, which referral, from where. Ids only, never the
/// personal data itself. Rows are only ever added (the database refuses updates and deletes of this table).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user's name or the API key's name.</summary>
    public required string Actor { get; set; }

    /// <summary><see cref="HorizontClaims.KindStaff"/>, <see cref="HorizontClaims.KindKey"/> or <c>system</c> (intake folder, command line).</summary>
    public required string ActorKind { get; set; }

    /// <summary>The actor's agency.</summary>
    public string? AgencyId { get; set; }

    /// <summary>What was done, e.g. <c>case.read</c>, <c>case.accept</c>, <c>referral.list</c>.</summary>
    public required string Action { get; set; }

    public Guid? ReferralId { get; set; }

    /// <summary>A non-personal detail: how many rows a list showed, a key id, a failure group.</summary>
    public string? Subject { get; set; }

    /// <summary>The caller's address.</summary>
    public string? Remote { get; set; }

    /// <summary>The HTTP status of the answer (0 outside HTTP).</summary>
    public int Status { get; set; }
}

/// <summary>What an administrator's query returns.</summary>
public sealed record AuditQuery(Guid? ReferralId, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Limit = 200);

/// <summary>Writes and reads the audit trail.</summary>
public sealed class AuditTrail(SecurityDbContext db, TimeProvider time)
{
    public const int MaxQuery = 1000;

    /// <summary>Writes one row now, in its own unit of work.</summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, Guid? referralId, string? subject, string? remote, int status, CancellationToken cancellationToken) =>
        RecordAllAsync(user, action, [referralId], subject, remote, status, cancellationToken);

    /// <summary>Writes a row for each of <paramref name="referralIds"/> (the same action by the same actor, e.g. a file's rows) in one unit of work.</summary>
    public async Task RecordAllAsync(ClaimsPrincipal user, string action, IEnumerable<Guid?> referralIds, string? subject, string? remote, int status, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        foreach (var referralId in referralIds)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = at,
                Actor = StaffActor.Of(user),
                ActorKind = user.FindFirst(HorizontClaims.Kind)?.Value ?? HorizontClaims.KindSystem,
                AgencyId = user.FindFirst(HorizontClaims.Agency)?.Value,
                Action = action,
                ReferralId = referralId,
                Subject = subject is { Length: > 100 } ? subject[..100] : subject,
                Remote = remote,
                Status = status,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (query.ReferralId is { } referralId)
            rows = rows.Where(a => a.ReferralId == referralId);
        if (!string.IsNullOrWhiteSpace(query.Actor))
            rows = rows.Where(a => a.Actor == query.Actor);
        if (query.From is { } from)
            rows = rows.Where(a => a.At >= from);
        if (query.To is { } to)
            rows = rows.Where(a => a.At < to);
        return await rows.OrderByDescending(a => a.Id).Take(Math.Clamp(query.Limit, 1, MaxQuery)).ToListAsync(cancellationToken);
    }
}

public static class AuditEndpoints
{
    /// <summary>
    /// Writes an audit row for every successful answer of this endpoint (status below 400), before the answer leaves:
    /// if the row cannot be written, the caller gets an error instead of the data. The referral comes from the route
    /// value <c>referralId</c> (or the query's <c>referralId</c>); <paramref name="subject"/> may add a non-personal detail from the result.
    /// </summary>
    /// <remarks>For an endpoint without the referral in its route (a submission), <paramref name="referral"/> reads it from the result.</remarks>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, Func<object?, string?>? subject = null, Func<object?, Guid?>? referral = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var status = StatusOf(result, context.HttpContext);
            if (status < 400)
            {
                var http = context.HttpContext;
                var trail = http.RequestServices.GetRequiredService<AuditTrail>();
                var value = ValueOf(result);
                await trail.RecordAsync(http.User, action, ReferralIdOf(http) ?? referral?.Invoke(value), subject?.Invoke(value),
                    http.Connection.RemoteIpAddress?.ToString(), status, http.RequestAborted);
            }

            return result;
        });

    private static int StatusOf(object? result, HttpContext http) => result switch
    {
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        IResult => StatusCodes.Status200OK,
        null => http.Response.StatusCode,
        _ => StatusCodes.Status200OK,
    };

    private static object? ValueOf(object? result) => result is IValueHttpResult value ? value.Value : result;

    private static Guid? ReferralIdOf(HttpContext http)
    {
        // The route's referral (a detail, a step), else the one a query asked about (the audit query's filter).
        var value = http.Request.RouteValues.TryGetValue("referralId", out var routed) ? routed?.ToString() : http.Request.Query["referralId"].ToString();
        return Guid.TryParse(value, out var id) ? id : null;
    }
}
