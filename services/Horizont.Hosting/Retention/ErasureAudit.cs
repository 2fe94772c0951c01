using Horizont.Hosting.Security;

namespace Horizont.Hosting.Retention;

/// <summary>How an erasure is written to the audit trail on both sides: ids and the reason, never what was erased.</summary>
public static class ErasureAudit
{
    /// <summary>The actor of an erasure the retention sweep made (kind <c>system</c>).</summary>
    public const string RetentionActor = "Aufbewahrungsfrist";

    /// <summary>Subject of the row: the retention period ended.</summary>
    public const string Retention = "retention";

    /// <summary>Subject of the row: the Jugendamt asked for the erasure of one referral.</summary>
    public const string Request = "request";

    /// <summary>Writes the row of one erasure by the service itself (<paramref name="actor"/> of kind <c>system</c>, at <paramref name="agencyId"/>).</summary>
    public static Task RecordErasureAsync(this AuditTrail trail, string action, string actor, string agencyId, Guid referralId, string reason, CancellationToken cancellationToken) =>
        trail.RecordAsync(HorizontClaims.SystemPrincipal(actor, agencyId), action, referralId, reason, remote: null, status: 0, cancellationToken);
}
