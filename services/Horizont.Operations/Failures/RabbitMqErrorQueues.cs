using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using PublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace Horizont.Operations.Failures;

/// <summary>
/// Reads and moves failed messages with AMQP. A read takes each message unacknowledged with <c>basic.get</c> and
/// then closes the channel, which returns every one of them to the queue: nothing leaves it. A replay publishes a
/// message to its original queue with publisher confirms and <c>mandatory</c>, and acknowledges it in the error
/// queue only after the broker confirmed; a discard acknowledges only after the archive was written. A crash in
/// between leaves the message in the error queue (a replay may then be delivered twice; the inbox drops the copy).
/// </summary>
internal sealed class RabbitMqErrorQueues(
    PartnerDirectory partners,
    IOptions<HeartbeatOptions> heartbeat,
    IOptions<RabbitMqTransportOptions> transport,
    IOptions<OperationsOptions> options,
    ILogger<RabbitMqErrorQueues> logger) : IErrorQueues, IAsyncDisposable
{
    public const string ReplayCountHeader = "Horizont-Replay-Count";

    private static readonly string[] s_suffixes = ["_error", "_skipped"];

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;
    private string? _unavailableReason;

    /// <summary>Set once the broker turned out to be one whose delivery limit could drop what operations reads (RabbitMQ 4).</summary>
    public string? UnavailableReason => _unavailableReason;

    /// <summary>The error and skipped queues of every agency in the partner directory and of operations itself.</summary>
    public IEnumerable<string> ErrorQueueNames =>
        partners.All.Select(p => p.QueueName).Append(heartbeat.Value.Queue).Distinct(StringComparer.Ordinal)
            .SelectMany(q => s_suffixes.Select(s => q + s));

    public async Task<IReadOnlyList<ErrorQueueCount>> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        if (_unavailableReason is not null)
            return [];
        var counts = new List<ErrorQueueCount>();
        foreach (var queue in ErrorQueueNames)
        {
            // A passive declare of a missing queue closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                counts.Add(new ErrorQueueCount(queue, ok.MessageCount));
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                // MassTransit declares an error queue with the first failure.
            }
        }

        return counts;
    }

    public async Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var messages = new List<FailedMessage>();
        await WalkAsync(errorQueue, (_, message, _) =>
        {
            messages.Add(message);
            return Task.CompletedTask;
        }, cancellationToken);
        return messages;
    }

    public Task<ActionOutcome> ReplayAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> replayed, CancellationToken cancellationToken) =>
        ActAsync(errorQueue, which, async (channel, delivery, message) =>
        {
            var properties = new BasicProperties(delivery.BasicProperties)
            {
                Persistent = true,
                Headers = ReplayHeaders(delivery.BasicProperties.Headers, message.ReplayCount + 1),
            };
            // Back under the user who sent it, so that the receiver's sender check holds (ADR 0011): the operations
            // user has the broker's impersonator tag for this.
            if (delivery.BasicProperties.Headers is { } moved && FailedMessageReader.HeaderText(moved, BrokerUserId.Header) is { Length: > 0 } user)
                properties.UserId = user;
            // The default exchange routes by queue name; mandatory makes a missing queue an error, not a silent drop.
            // A broker that blocks publishing (memory or disk alarm) fails the replay instead of holding it forever.
            using (var timeout = new CancellationTokenSource(PublishTimeout))
                await channel.BasicPublishAsync("", message.OriginalQueue, mandatory: true, properties, delivery.Body, timeout.Token);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            await replayed(message);
        }, cancellationToken);

    public Task<ActionOutcome> DiscardAsync(string errorQueue, Func<FailedMessage, bool> which, Func<FailedMessage, Task> archive, CancellationToken cancellationToken) =>
        ActAsync(errorQueue, which, async (channel, delivery, message) =>
        {
            await archive(message);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _connecting.Dispose();
    }

    private async Task<ActionOutcome> ActAsync(
        string errorQueue, Func<FailedMessage, bool> which, Func<IChannel, BasicGetResult, FailedMessage, Task> act, CancellationToken cancellationToken)
    {
        var done = new List<Guid>();
        var failed = new List<ActionFailure>();
        var stoppedEarly = false;
        await WalkAsync(errorQueue, async (channel, message, delivery) =>
        {
            if (!which(message))
                return;
            try
            {
                await act(channel, delivery, message);
                done.Add(message.MessageId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not acknowledged: it goes back to the error queue when the channel closes.
                logger.LogWarning("Failed message {MessageId} in {ErrorQueue} not moved: {Error}", message.MessageId, errorQueue, ex.GetType().Name);
                failed.Add(new ActionFailure(message.MessageId, Describe(ex, message)));
                stoppedEarly = true;
                throw new ChannelSpentException(ex);
            }
        }, cancellationToken, confirms: true);

        if (stoppedEarly)
        {
            // The walk stopped at the first failure; whatever it had not reached stays where it is (Guid.Empty marks it).
            failed.Add(new ActionFailure(Guid.Empty, "Nicht versucht, weil eine vorige Nachricht fehlschlug; sie bleibt in der Fehler-Queue."));
        }

        return new ActionOutcome(done, failed);
    }

    /// <summary>
    /// Takes every message of the queue (up to the limit) unacknowledged, hands each to <paramref name="visit"/>,
    /// and closes the channel: whatever <paramref name="visit"/> did not acknowledge returns to the queue.
    /// </summary>
    private async Task WalkAsync(string errorQueue, Func<IChannel, FailedMessage, BasicGetResult, Task> visit, CancellationToken cancellationToken, bool confirms = false)
    {
        var connection = await ConnectAsync(cancellationToken);
        var channelOptions = new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms);
        var channel = await connection.CreateChannelAsync(channelOptions, cancellationToken);
        try
        {
            uint count;
            try
            {
                count = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                return;
            }

            var agencies = partners.All.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var limit = Math.Min(count, (uint)options.Value.MaxMessagesPerErrorQueue);
            for (var i = 0; i < limit; i++)
            {
                var delivery = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (delivery is null)
                    break;
                var message = FailedMessageReader.ReadOrPlaceholder(errorQueue, delivery, agencies);
                try
                {
                    await visit(channel, message, delivery);
                }
                catch (ChannelSpentException)
                {
                    // A failed publish may have closed the channel: stop here; the rest stays where it is.
                    break;
                }
            }
        }
        finally
        {
            // Returns every unacknowledged message to the queue. A close rather than a nack: a requeue counts as a
            // delivery on quorum queues, which RabbitMQ 4 limits by default.
            try
            {
                await channel.CloseAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
            {
            }

            await channel.DisposeAsync();
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
            return _connection;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
                return _connection;
            if (_connection is not null)
                await _connection.DisposeAsync();
            var t = transport.Value;
            // No automatic recovery: a recovered channel would go on with basic.get after the broker returned what
            // this walk held, reading (and replaying) messages twice. The next call connects anew instead.
            var factory = new ConnectionFactory
            {
                HostName = t.Host,
                Port = t.Port,
                VirtualHost = t.VHost,
                UserName = t.User,
                Password = t.Pass,
                ClientProvidedName = "horizont-operations",
                AutomaticRecoveryEnabled = false,
            };
            if (t.UseSsl)
                factory.Ssl = new SslOption { Enabled = true, ServerName = t.Host };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            _unavailableReason = DeliveryLimitRisk(_connection, options.Value);
            if (_unavailableReason is not null)
                logger.LogError("Failed messages are not read: RabbitMQ {Version} may drop error-queue messages that are read repeatedly (delivery limit); see docs/operations.md", BrokerVersion(_connection));
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>
    /// RabbitMQ 4 limits the deliveries of a quorum queue message (20 by default) and, before 4.3, counts every
    /// return: reading an error queue again and again would then make the broker drop its messages. Unless the
    /// operator confirms that the error queues have no limit (a policy), operations does not touch them there.
    /// </summary>
    internal static string? DeliveryLimitRisk(IConnection connection, OperationsOptions options)
    {
        if (options.ErrorQueuesWithoutDeliveryLimit)
            return null;
        var version = BrokerVersion(connection);
        if (version is null || !Version.TryParse(version.Split('+', '-')[0], out var parsed) || parsed.Major < 4)
            return null;
        return $"RabbitMQ {version} begrenzt die Zustellungen je Nachricht in Quorum-Queues; wiederholtes Lesen der Fehler-Queues könnte Nachrichten löschen. " +
            "Bitte die Fehler-Queues davon ausnehmen (rabbitmqctl set_policy --apply-to queues error-queues '^.*_(error|skipped)$' '{\"delivery-limit\":-1}') " +
            "und dann Operations__ErrorQueuesWithoutDeliveryLimit=true setzen. Bis dahin liest Horizont die Fehler-Queues nicht.";
    }

    private static string? BrokerVersion(IConnection connection) =>
        connection.ServerProperties is { } properties && properties.TryGetValue("version", out var value) && value is byte[] bytes
            ? Encoding.UTF8.GetString(bytes)
            : null;

    private static Dictionary<string, object?> ReplayHeaders(IDictionary<string, object?>? original, int replayCount)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in original ?? new Dictionary<string, object?>())
        {
            // The fault's description belongs to the failed attempt, not to the replayed message.
            if (key.StartsWith("MT-Fault-", StringComparison.Ordinal) || key.StartsWith("MT-Host-", StringComparison.Ordinal) || key == MessageHeaders.Reason
                || key == BrokerUserId.Header)
                continue;
            headers[key] = value;
        }

        headers[ReplayCountHeader] = replayCount;
        return headers;
    }

    private static string Describe(Exception ex, FailedMessage message) => ex switch
    {
        PublishException { IsReturn: true } => $"Die Queue {message.OriginalQueue} nimmt nichts an (existiert sie?). Die Nachricht bleibt in der Fehler-Queue.",
        PublishException => "Der Broker hat die Wiederholung nicht bestätigt. Die Nachricht bleibt in der Fehler-Queue.",
        _ => $"{ex.GetType().Name}: Die Nachricht bleibt in der Fehler-Queue.",
    };

    private sealed class ChannelSpentException(Exception inner) : Exception(inner.Message, inner);
}

/// <summary>Turns a delivery from an error queue into what operations may show: metadata, never the body.</summary>
internal static class FailedMessageReader
{
    /// <summary>
    /// Like <see cref="Read"/>, but a message that cannot be read (a malformed body or header) becomes a placeholder
    /// that shows no text at all, instead of hiding every other failure behind an error.
    /// </summary>
    public static FailedMessage ReadOrPlaceholder(string errorQueue, BasicGetResult delivery, IReadOnlySet<string> agencyIds)
    {
        try
        {
            return Read(errorQueue, delivery, agencyIds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new FailedMessage
            {
                MessageId = Guid.TryParse(delivery.BasicProperties.MessageId, out var id) ? id : SyntheticId(delivery.Body.Span),
                MessageType = "nicht lesbar",
                OriginalQueue = OriginalOf(errorQueue),
                ErrorQueue = errorQueue,
                Reason = "fault",
                ExceptionType = "nicht lesbar",
                ExceptionMessage = $"Die Nachricht ließ sich nicht lesen ({ex.GetType().Name}); ihre Texte werden nicht angezeigt.",
                Headers = new Dictionary<string, string>(),
            };
        }
    }

    public static FailedMessage Read(string errorQueue, BasicGetResult delivery, IReadOnlySet<string> agencyIds)
    {
        var body = delivery.Body.Span;
        var redactor = PersonalDataRedactor.FromBody(body, agencyIds);
        var properties = delivery.BasicProperties;
        var raw = properties.Headers ?? new Dictionary<string, object?>();
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            // The stack trace is shown on its own; MassTransit keeps it in a header.
            if (key == MessageHeaders.FaultStackTrace)
                continue;
            headers[key] = redactor.Redact(Text(value));
        }

        if (properties.ContentType is { } contentType)
            headers["content-type"] = contentType;
        if (properties.CorrelationId is { } correlationId)
            headers["correlation-id"] = correlationId;

        var (envelopeType, envelopeReferral) = ReadEnvelope(body);
        var messageId = Guid.TryParse(properties.MessageId, out var id) ? id : SyntheticId(body);
        return new FailedMessage
        {
            MessageId = messageId,
            ReferralId = Guid.TryParse(HeaderText(raw, HorizontHeaders.ReferralId), out var referral) ? referral : envelopeReferral,
            MessageType = ShortType(HeaderText(raw, MessageHeaders.FaultMessageType) ?? envelopeType) ?? "unbekannt",
            OriginalQueue = QueueOf(HeaderText(raw, MessageHeaders.FaultInputAddress)) ?? OriginalOf(errorQueue),
            ErrorQueue = errorQueue,
            Reason = HeaderText(raw, MessageHeaders.Reason) ?? (errorQueue.EndsWith("_skipped", StringComparison.Ordinal) ? "skip" : "fault"),
            ExceptionType = HeaderText(raw, MessageHeaders.FaultExceptionType)
                ?? (errorQueue.EndsWith("_skipped", StringComparison.Ordinal) ? "Skipped" : "Unknown"),
            ExceptionMessage = redactor.Redact(HeaderText(raw, MessageHeaders.FaultMessage)
                ?? (errorQueue.EndsWith("_skipped", StringComparison.Ordinal) ? "Kein Consumer für diesen Nachrichtentyp." : "")),
            StackTrace = HeaderText(raw, MessageHeaders.FaultStackTrace) is { } trace ? redactor.Redact(trace) : null,
            FailedAt = DateTimeOffset.TryParse(HeaderText(raw, MessageHeaders.FaultTimestamp), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at.ToUniversalTime()
                : null,
            ReplayCount = raw.TryGetValue(RabbitMqErrorQueues.ReplayCountHeader, out var replays) && int.TryParse(Text(replays), CultureInfo.InvariantCulture, out var n) ? n : 0,
            Headers = headers,
        };
    }

    /// <summary>The original queue: the last path segment of the fault's input address.</summary>
    internal static string? QueueOf(string? inputAddress)
    {
        if (inputAddress is null || !Uri.TryCreate(inputAddress, UriKind.Absolute, out var uri))
            return null;
        var segment = uri.AbsolutePath.TrimEnd('/').Split('/').LastOrDefault();
        return string.IsNullOrEmpty(segment) ? null : Uri.UnescapeDataString(segment);
    }

    internal static string OriginalOf(string errorQueue) =>
        errorQueue.EndsWith("_error", StringComparison.Ordinal) ? errorQueue[..^"_error".Length]
        : errorQueue.EndsWith("_skipped", StringComparison.Ordinal) ? errorQueue[..^"_skipped".Length]
        : errorQueue;

    /// <summary><c>urn:message:Horizont.Messages:SubmitReferral</c> or <c>Horizont.Messages.SubmitReferral</c> → <c>SubmitReferral</c>.</summary>
    internal static string? ShortType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
            return null;
        var first = type.Split(';')[0].Trim();
        var cut = first.LastIndexOfAny([':', '.', '+']);
        return cut >= 0 ? first[(cut + 1)..] : first;
    }

    private static (string? Type, Guid? ReferralId) ReadEnvelope(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, null);
            string? type = null;
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                && types[0].ValueKind == JsonValueKind.String)
                type = types[0].GetString();
            Guid? referral = null;
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("referralId", out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var guid))
                referral = guid;
            return (type, referral);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static Guid SyntheticId(ReadOnlySpan<byte> body) => new(SHA256.HashData(body)[..16]);

    internal static string? HeaderText(IDictionary<string, object?> headers, string key) =>
        headers.TryGetValue(key, out var value) && value is not null ? Text(value) : null;

    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime).ToString("o", CultureInfo.InvariantCulture),
        IEnumerable<object?> list when value is not string => string.Join(", ", list.Select(Text)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
