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

    /// <summary>The service table's header, page and command line alike.</summary>
    public static readonly string[] HeartbeatHeader =
        ["Dienst", "Instanz", "Version", "Zustand", "Letzte Meldung", "Outbox wartend", "Älteste in Outbox", "Outbox nach Queue"];

    /// <summary>One row of the service table; a stale outbox says so beside its oldest message.</summary>
    public static string[] HeartbeatRow(HeartbeatView i) =>
    [
        i.Service, i.Instance, i.Version, State(i.State), GermanText.Time(i.LastBeatAt), Number(i.OutboxPending),
        i.OutboxStale ? $"{Time(i.OutboxOldestAt)} (staut)" : Time(i.OutboxOldestAt),
        i.OutboxDestinations is { Count: > 0 } destinations
            ? string.Join("; ", destinations.Select(d => $"{d.Queue}: {Number(d.Pending)}{(d.Held ? " zurückgehalten" : "")}"))
            : None,
    ];

    /// <summary>The header of the table of queues without consumer.</summary>
    public static readonly string[] UnservedHeader = ["Queue", "Wartend", "Älteste seit", "Alter", "Quelle"];

    /// <summary>One queue without consumer; the age of its oldest message is "unbekannt" where the broker does not tell it.</summary>
    public static string[] UnservedRow(UnservedQueue q, DateTimeOffset now) =>
    [
        q.Queue, Number(q.Messages), q.OldestAt is { } at ? GermanText.Time(at) : Unknown,
        q.OldestAt is { } oldest ? Age(now - oldest) : Unknown,
        q.HeldBy.Count > 0 ? $"zurückgehalten in der Outbox von {string.Join(", ", q.HeldBy)}" : "Broker",
    ];

    public const string Unknown = "unbekannt";

    /// <summary>An age in the largest whole unit that fits: Sekunden, Minuten, Stunden, Tage.</summary>
    public static string Age(TimeSpan age) =>
        age < TimeSpan.Zero ? Age(TimeSpan.Zero)
        : age.TotalMinutes < 1 ? $"{(int)age.TotalSeconds} s"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} Tage";

    public static string Messages(int count) => count == 1 ? "1 Nachricht" : $"{count.ToString(s_german)} Nachrichten";
}
