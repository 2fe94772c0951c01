using System.Diagnostics.Metrics;

namespace Horizont.Hosting.Reminders;

/// <summary>Reminder instruments on Horizont's meter; tags are the side, the rule and the outcome, never ids.</summary>
internal static class ReminderMetrics
{
    private static readonly Meter s_meter = new(HorizontMetrics.MeterName);

    private static readonly Counter<long> s_raised = s_meter.CreateCounter<long>(
        "horizont.reminders.raised", description: "Reminders raised, once per occasion.");

    private static readonly Counter<long> s_mails = s_meter.CreateCounter<long>(
        "horizont.reminders.mails", description: "Reminder e-mails sent or failed (a failed one is tried again).");

    public static void Raised(ReminderSide side, string rule) =>
        s_raised.Add(1, new KeyValuePair<string, object?>("side", side.ToString()), new KeyValuePair<string, object?>("rule", rule));

    public static void Mail(ReminderSide side, string outcome) =>
        s_mails.Add(1, new KeyValuePair<string, object?>("side", side.ToString()), new KeyValuePair<string, object?>("outcome", outcome));
}
