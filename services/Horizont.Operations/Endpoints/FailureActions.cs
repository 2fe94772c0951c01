using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;

namespace Horizont.Operations.Endpoints;

/// <summary>A replay or discard from the API or the page: done as the signed-in principal, and audited.</summary>
internal static class FailureActions
{
    public const string ReplayAudit = "failure.replay";

    public const string DiscardAudit = "failure.discard";

    /// <summary>
    /// Runs <paramref name="act"/> with the signed-in principal as the actor the archive records. When there was
    /// anything to act on, writes the audit row (subject: the group or message id; no referral data) before the answer
    /// leaves. The row is written even if the caller has gone: the action itself runs to its end regardless.
    /// </summary>
    public static async Task<ActionOutcome?> RunAsync(
        HttpContext http, FailureActionKind kind, string subject, Func<string, CancellationToken, Task<ActionOutcome?>> act, int status)
    {
        var outcome = await act(StaffActor.Of(http.User), http.RequestAborted);
        if (outcome is not null)
        {
            var action = kind == FailureActionKind.Replayed ? ReplayAudit : DiscardAudit;
            await http.RequestServices.GetRequiredService<AuditTrail>()
                .RecordAsync(http.User, action, referralId: null, subject, http.Connection.RemoteIpAddress?.ToString(), status, CancellationToken.None);
        }

        return outcome;
    }
}
