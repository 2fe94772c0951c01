using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Horizont.Operations.Queues;

/// <summary>
/// Queue figures from RabbitMQ's management HTTP API (<c>GET /api/queues/{vhost}</c>): every queue of the transport's
/// virtual host. A broker that cannot be asked gives a report without queues and a German <see cref="QueueReport.Error"/>
/// naming the address, the cause and what to do; nothing is thrown for it.
/// </summary>
/// <remarks>
/// The broker samples its statistics every 5 s (<c>collect_statistics_interval</c>), so the figures are up to that old.
/// Quorum queues (the agency queues) report no <c>head_message_timestamp</c>: their oldest message's age stays null.
/// </remarks>
internal sealed class RabbitMqManagementQueues(
    HttpClient http,
    PartnerDirectory partners,
    IOptions<HeartbeatOptions> heartbeat,
    IOptions<RabbitMqTransportOptions> transport,
    IOptions<OperationsOptions> options,
    TimeProvider time,
    ILogger<RabbitMqManagementQueues> logger) : IQueueSource
{
    public const string SourceName = "rabbitmq-management";

    public async Task<QueueReport> ReadAsync(CancellationToken cancellationToken)
    {
        var t = transport.Value;
        var management = options.Value.Management;
        var baseUrl = management.Url ?? new Uri($"{(t.UseSsl ? "https" : "http")}://{t.Host}:{t.ManagementPort}");
        var url = new Uri($"{baseUrl.AbsoluteUri.TrimEnd('/')}/api/queues/{Uri.EscapeDataString(t.VHost)}");
        var shown = Shown(url);
        var user = string.IsNullOrEmpty(management.User) ? t.User : management.User;
        var password = string.IsNullOrEmpty(management.Password) ? t.Pass : management.Password;

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            // The whole answer is read within the client's timeout (the default completion option buffers the body).
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return Failed(shown, Refusal(response.StatusCode, shown, user, t.VHost));

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return Failed(shown, NotAQueueList(shown));

            var now = time.GetUtcNow();
            var agencyQueues = partners.All.Select(p => p.QueueName).ToHashSet(StringComparer.Ordinal);
            var operationsQueue = heartbeat.Value.Queue;
            var queues = document.RootElement.EnumerateArray()
                .Where(q => q.ValueKind == JsonValueKind.Object && Text(q, "name") is not null)
                .Select(q => View(q, now, agencyQueues, operationsQueue))
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList();
            return new QueueReport(SourceName, now, queues, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(shown, new Failure(
                $"no answer within {http.Timeout.TotalSeconds:0} s",
                $"Die RabbitMQ-Management-API unter {shown} antwortet nicht innerhalb von {http.Timeout.TotalSeconds:0} Sekunden. "
                + "Ist der Broker überlastet, oder zeigt die Adresse ins Leere? Die Adresse stellt Operations__Management__Url ein."));
        }
        catch (HttpRequestException ex)
        {
            return Failed(shown, Unreachable(ex, shown, url));
        }
        catch (JsonException)
        {
            return Failed(shown, NotAQueueList(shown));
        }
    }

    /// <summary>One queue of <c>/api/queues</c>; a field the broker did not send (yet) stays null.</summary>
    private static QueueView View(JsonElement queue, DateTimeOffset now, IReadOnlySet<string> agencyQueues, string operationsQueue)
    {
        var name = Text(queue, "name")!;
        var stats = queue.TryGetProperty("message_stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var headTimestamp = Number(queue, "head_message_timestamp");
        return new QueueView(
            name,
            QueueKinds.Of(name, agencyQueues, operationsQueue),
            Messages: (long?)Number(queue, "messages"),
            Ready: (long?)Number(queue, "messages_ready"),
            Unacknowledged: (long?)Number(queue, "messages_unacknowledged"),
            Consumers: (int?)Number(queue, "consumers"),
            PublishRate: Rate(stats, "publish_details"),
            DeliverRate: Rate(stats, "deliver_get_details"),
            OldestMessageAgeSeconds: headTimestamp is { } seconds
                ? Math.Max(0, (now - DateTimeOffset.FromUnixTimeSeconds((long)seconds)).TotalSeconds)
                : null);
    }

    private QueueReport Failed(string shown, Failure failure)
    {
        logger.LogWarning("Queue figures unavailable: the RabbitMQ management API at {Url} gave {Cause}", shown, failure.Cause);
        return new QueueReport(SourceName, time.GetUtcNow(), [], failure.Text);
    }

    private static Failure Refusal(HttpStatusCode status, string shown, string user, string vhost) => status switch
    {
        HttpStatusCode.Unauthorized => new Failure(
            "401 Unauthorized",
            $"Die RabbitMQ-Management-API unter {shown} lehnt die Anmeldung als '{user}' ab (401). Benutzer und Passwort prüfen "
            + "(Operations__Management__User und __Password, sonst gelten RabbitMqTransport__User und __Pass); der Benutzer braucht in RabbitMQ "
            + $"mindestens das Tag 'monitoring' (rabbitmqctl set_user_tags {user} monitoring)"
            + (user == "guest" ? ", und 'guest' darf sich nur von localhost aus anmelden." : ".")),
        HttpStatusCode.Forbidden => new Failure(
            "403 Forbidden",
            $"Die RabbitMQ-Management-API unter {shown} verweigert '{user}' den Zugriff (403). Der Benutzer braucht Rechte auf den "
            + $"virtuellen Host '{vhost}' (rabbitmqctl set_permissions -p {vhost} {user} …) und das Tag 'monitoring'."),
        HttpStatusCode.NotFound => new Failure(
            "404 Not Found",
            $"Unter {shown} gibt es nichts (404). Gibt es den virtuellen Host '{vhost}' (RabbitMqTransport__VHost)? Zeigt "
            + "Operations__Management__Url auf die Management-API, und ist das Plugin aktiv (rabbitmq-plugins enable rabbitmq_management)?"),
        _ => new Failure(
            $"{(int)status} {status}",
            $"Die RabbitMQ-Management-API unter {shown} antwortet mit {(int)status} {status}. Läuft der Broker ordentlich? Sein Log sagt mehr."),
    };

    private static Failure Unreachable(HttpRequestException ex, string shown, Uri url)
    {
        if (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new Failure(
                "connection refused",
                $"Die RabbitMQ-Management-API unter {shown} ist nicht erreichbar: Verbindung abgelehnt. Läuft RabbitMQ, und ist das "
                + "Management-Plugin aktiv? Auf dem Broker: rabbitmq-plugins enable rabbitmq_management. Eine andere Adresse stellt "
                + "Operations__Management__Url ein.");
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new Failure(
                "unknown host name",
                $"Die RabbitMQ-Management-API unter {shown} ist nicht erreichbar: den Rechner '{url.Host}' gibt es nicht. "
                + "RabbitMqTransport__Host bzw. Operations__Management__Url prüfen."),
            HttpRequestError.SecureConnectionError => new Failure(
                "TLS handshake failed",
                $"Die RabbitMQ-Management-API unter {shown} ist nicht erreichbar: die TLS-Verbindung kam nicht zustande. "
                + "Zertifikat des Brokers und Operations__Management__Url (http oder https, Port) prüfen."),
            _ => new Failure(
                $"{ex.HttpRequestError}: {ex.Message}",
                $"Die RabbitMQ-Management-API unter {shown} ist nicht erreichbar ({ex.Message}). Läuft RabbitMQ mit dem Management-Plugin "
                + "(rabbitmq-plugins enable rabbitmq_management), und ist der Port freigegeben?"),
        };
    }

    private static Failure NotAQueueList(string shown) => new(
        "an answer that is not a JSON list of queues",
        $"Unter {shown} antwortet nicht die RabbitMQ-Management-API (keine Liste von Queues). Operations__Management__Url prüfen.");

    /// <summary>The address as shown in texts and logs: without user information, should the setting contain any.</summary>
    private static string Shown(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) ? url.AbsoluteUri : new UriBuilder(url) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static double? Rate(JsonElement stats, string details) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(details, out var d) ? Number(d, "rate") : null;

    /// <summary>Why a read failed: <see cref="Cause"/> for the log (English), <see cref="Text"/> for the page (German).</summary>
    private sealed record Failure(string Cause, string Text);
}
