using RabbitMQ.Client;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// The RabbitMQ the broker tests use: 127.0.0.1:5672, virtual host <c>horizont-tests</c>, guest/guest,
/// unless <c>HORIZONT_TEST_RABBITMQ_HOST</c>/<c>…_VHOST</c>/<c>…_USER</c>/<c>…_PASS</c> say otherwise.
/// <c>.ci/run</c> creates the virtual host; locally: <c>rabbitmqctl add_vhost horizont-tests &amp;&amp;
/// rabbitmqctl set_permissions -p horizont-tests guest ".*" ".*" ".*"</c>.
/// </summary>
public static class Broker
{
    public static string Host { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_HOST") ?? "127.0.0.1";
    public static string VirtualHost { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_VHOST") ?? "horizont-tests";
    public static string User { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_USER") ?? "guest";
    public static string Password { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_PASS") ?? "guest";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    /// <summary>Null when the broker answers; otherwise why not.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string?> TransportSettings() => new()
    {
        ["Transport"] = "RabbitMq",
        ["RabbitMqTransport:Host"] = Host,
        ["RabbitMqTransport:VHost"] = VirtualHost,
        ["RabbitMqTransport:User"] = User,
        ["RabbitMqTransport:Pass"] = Password,
        // A receive endpoint that does not come back after a broker restart is restarted within the test's patience.
        ["Messaging:BusHealthCheckInterval"] = "00:00:05",
        ["Messaging:RestartBusAfter"] = "00:00:45",
        // Every test process connects as the one test user: it is every agency's broker user (the sender check of
        // ADR 0011). BrokerUsersOnRabbitMqTests gives each agency its own.
        ["Partners:0:BrokerUser"] = User,
        ["Partners:1:BrokerUser"] = User,
        ["Partners:2:BrokerUser"] = User,
        // The keys two agencies seal personal fields with: given to both sides, here through configuration (one run's).
        [$"Messaging:Sealing:Keys:horizont-ev+ja-nordhausen:{SealingKeyId}"] = SealingKeys[0],
        [$"Messaging:Sealing:Keys:brueckenbau-ev+ja-nordhausen:{SealingKeyId}"] = SealingKeys[1],
    };

    /// <summary>The id of this run's sealing keys (<see cref="SealingKeys"/>: horizont-ev+ja-nordhausen, brueckenbau-ev+ja-nordhausen).</summary>
    public const string SealingKeyId = "20261206T000000Z-tests";

    public static readonly string[] SealingKeys =
        [.. Enumerable.Range(0, 2).Select(_ => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))];

    public static ConnectionFactory ConnectionFactory() => new()
    {
        HostName = Host,
        VirtualHost = VirtualHost,
        UserName = User,
        Password = Password,
        ClientProvidedName = "horizont-integration-tests",
    };

    /// <summary>Deletes the agency queues and exchanges a test uses, so it starts from an empty broker.</summary>
    public static async Task ResetAsync(params string[] agencyQueues)
    {
        await using var connection = await ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in agencyQueues.SelectMany(q => new[] { q, $"{q}_error", $"{q}_skipped" }))
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(queue, ifUnused: false);
        }
    }

    /// <summary>Messages ready in a queue (passive declare: fails if the queue does not exist).</summary>
    public static async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ok = await channel.QueueDeclarePassiveAsync(queue);
        return ok.MessageCount;
    }

    /// <summary>Messages ready in a queue, or 0 when the queue was never declared (MassTransit declares error queues on first use).</summary>
    public static async Task<uint> MessageCountOrZeroAsync(string queue)
    {
        try
        {
            return await MessageCountAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    private static string? Probe()
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var connection = ConnectionFactory().CreateConnectionAsync(cancel.Token).GetAwaiter().GetResult();
            connection.CloseAsync().GetAwaiter().GetResult();
            connection.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"no RabbitMQ at amqp://{Host}/{VirtualHost} ({ex.GetType().Name}: {ex.Message})";
        }
    }
}

/// <summary>
/// A test that needs the real broker. Skipped with the reason when there is none, except under
/// <c>CI=true</c>, where it runs and fails: CI must never pass with its broker tests skipped.
/// </summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (!Broker.IsCi && Broker.UnavailableReason is { } reason)
            Skip = $"Broker test skipped: {reason}. Start RabbitMQ (see README) to run it.";
    }
}

/// <summary>
/// A test that needs the broker's TLS listeners: AMQPS on <see cref="TlsBroker.AmqpsPort"/> and the management API over
/// HTTPS on <see cref="TlsBroker.HttpsPort"/>, with a certificate the machine trusts (<c>.ci/run</c> makes a CA, trusts it
/// and configures both). Skipped with the reason without them, except under <c>CI=true</c>.
/// </summary>
public sealed class TlsBrokerFactAttribute : FactAttribute
{
    public TlsBrokerFactAttribute()
    {
        if (!Broker.IsCi && (Broker.UnavailableReason ?? TlsBroker.UnavailableReason) is { } reason)
            Skip = $"TLS broker test skipped: {reason}. Run .ci/run once (it configures the TLS listeners) to run it.";
    }
}

public static class TlsBroker
{
    public const int AmqpsPort = 5671;

    public const int HttpsPort = 15671;

    private static readonly Lazy<string?> s_unavailableReason = new(() =>
    {
        foreach (var port in new[] { AmqpsPort, HttpsPort })
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(Broker.Host, port);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                return $"no TLS listener at {Broker.Host}:{port} ({ex.SocketErrorCode})";
            }
        }

        return null;
    });

    public static string? UnavailableReason => s_unavailableReason.Value;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    public const string Name = "broker";
}
