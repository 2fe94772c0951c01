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

    public static string Messages(int count) => count == 1 ? "1 Nachricht" : $"{count.ToString(s_german)} Nachrichten";
}
