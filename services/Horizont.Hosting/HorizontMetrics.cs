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
}
