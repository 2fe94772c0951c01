using System.Diagnostics.Metrics;

namespace Horizont.Hosting;

/// <summary>
/// Horizont's own instruments (meter <c>Horizont</c>), next to MassTransit's. Tags carry message
/// types and reasons, never ids or personal data.
/// </summary>
public static class HorizontMetrics
{
    public const string MeterName = "Horizont";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_notApplied = s_meter.CreateCounter<long>(
        "horizont.messages.not_applied",
        description: "Messages received and recorded but not applied: late, out of order, or no longer meaningful for the case's state.");

    /// <summary>Counts a message that was recorded (history, inbox) but changed no state.</summary>
    /// <param name="messageType">e.g. <c>HoursReported</c></param>
    /// <param name="reason">a short code, e.g. <c>stale</c>, <c>state</c>, <c>duplicate</c></param>
    public static void NotApplied(string messageType, string reason) =>
        s_notApplied.Add(1, new KeyValuePair<string, object?>("message_type", messageType), new KeyValuePair<string, object?>("reason", reason));

    private static readonly Counter<long> s_erased = s_meter.CreateCounter<long>(
        "horizont.retention.erased",
        description: "Records whose personal data was erased, and delivered files deleted, when their retention ended or on request.");

    private static readonly Counter<long> s_retentionFailed = s_meter.CreateCounter<long>(
        "horizont.retention.failures",
        description: "Runs of a retention task that failed (tried again at the next interval).");

    /// <summary>Counts erased records or deleted files.</summary>
    /// <param name="what">e.g. <c>case</c>, <c>referral</c>, <c>processed-file</c></param>
    /// <param name="count">how many</param>
    public static void Erased(string what, int count = 1) =>
        s_erased.Add(count, new KeyValuePair<string, object?>("what", what));

    /// <summary>Counts a retention task's failed run.</summary>
    public static void RetentionFailed(string task) =>
        s_retentionFailed.Add(1, new KeyValuePair<string, object?>("task", task));
}
