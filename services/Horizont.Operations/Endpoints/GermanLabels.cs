using System.Globalization;
using Horizont.Hosting;
using Horizont.Operations.Data;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;

namespace Horizont.Operations.Endpoints;

/// <summary>
/// Figures and states in the staff's words, shared by the page (<c>/ops/</c>) and the command line so that they agree.
/// </summary>
public static class GermanLabels
{
    private static readonly CultureInfo s_german = CultureInfo.GetCultureInfo("de-DE");

    public const string None = "–";

    public static string Time(DateTimeOffset? time) => time is { } t ? GermanText.Time(t) : None;

    public static string Number(long? value) => value?.ToString("N0", s_german) ?? None;

    public static string Rate(double? value) => value?.ToString("0.##", s_german) ?? None;

    public static string Kind(string kind) => kind switch
    {
        QueueKinds.Agency => "Stelle",
        QueueKinds.Error => "Fehler",
        QueueKinds.Skipped => "Übersprungen",
        QueueKinds.Operations => "Betrieb",
        _ => "Sonstige",
    };

    public static string State(InstanceState state) => state switch
    {
        InstanceState.Alive => "aktiv",
        InstanceState.Late => "verspätet",
        _ => "verschwunden",
    };

    public static string Mail(AlertView alert) => alert.Mail switch
    {
        AlertMailState.Sent => alert.MailSentAt is { } sent ? $"gesendet {GermanText.Time(sent)}" : "gesendet",
        AlertMailState.Pending when alert.MailLastError is not null => "noch nicht gesendet (wird wiederholt)",
        AlertMailState.Pending => "wird gesendet",
        _ => "kein Mailserver eingerichtet",
    };

    /// <summary>
    /// The queue table's header. On the in-memory transport, which has no depth, it adds what the bus counted since
    /// the process started: the only sign there that messages fail.
    /// </summary>
    public static string[] QueueHeader(QueueReport report) => HasBusCounts(report)
        ? [.. s_queueHeader, "Verarbeitet", "Fehlgeschlagen"]
        : s_queueHeader;

    /// <summary>One row of the queue table, matching <see cref="QueueHeader"/>.</summary>
    public static string[] QueueRow(QueueReport report, QueueView q)
    {
        string[] row =
        [
            q.Name, Kind(q.Kind), Number(q.Messages), Number(q.Ready), Number(q.Unacknowledged), Number(q.Consumers),
            Rate(q.PublishRate), Rate(q.DeliverRate), Rate(q.OldestMessageAgeSeconds),
        ];
        return HasBusCounts(report) ? [.. row, Number(q.Consumed), Number(q.Faulted)] : row;
    }

    public static string QueueSource(QueueReport report) =>
        $"Quelle: {(report.Source == BusQueues.SourceName ? "der Bus dieses Prozesses (In-Memory-Transport)" : "RabbitMQ-Management-API")}, gelesen {GermanText.Time(report.ReadAt)}.";

    private static readonly string[] s_queueHeader = ["Queue", "Art", "Nachrichten", "Bereit", "In Arbeit", "Consumer", "Eingang/s", "Zustellung/s", "Älteste (s)"];

    private static bool HasBusCounts(QueueReport report) => report.Queues.Any(q => q.Consumed is not null || q.Faulted is not null);

    public static string Messages(int count) => count == 1 ? "1 Nachricht" : $"{count.ToString(s_german)} Nachrichten";
}
