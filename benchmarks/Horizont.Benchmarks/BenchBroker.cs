using System.Text;
using RabbitMQ.Client;

namespace Horizont.Benchmarks;

/// <summary>The local RabbitMQ the benchmark runs on: 127.0.0.1 only, in a virtual host of its own.</summary>
internal sealed class BenchBroker(BenchmarkOptions options)
{
    public const string Host = "127.0.0.1";

    /// <summary>The queues (and MassTransit's exchanges of the same names) the two services declare and fill.</summary>
    private static readonly string[] AgencyQueues = ["ja-nordhausen", "horizont-ev", "brueckenbau-ev"];

    public string VirtualHost => options.VirtualHost;

    public ConnectionFactory Factory(string clientName) => new()
    {
        HostName = Host,
        VirtualHost = options.VirtualHost,
        UserName = options.User,
        Password = options.Password,
        ClientProvidedName = clientName,
    };

    /// <summary>What the two services need to reach the broker (the settings the integration tests give them).</summary>
    public Dictionary<string, string?> TransportSettings() => new()
    {
        ["Transport"] = "RabbitMq",
        ["RabbitMqTransport:Host"] = Host,
        ["RabbitMqTransport:VHost"] = options.VirtualHost,
        ["RabbitMqTransport:User"] = options.User,
        ["RabbitMqTransport:Pass"] = options.Password,
        // Both agencies connect as the one benchmark user: it is every partner's broker user (ADR 0011's sender check).
        ["Partners:0:BrokerUser"] = options.User,
        ["Partners:1:BrokerUser"] = options.User,
        ["Partners:2:BrokerUser"] = options.User,
    };

    /// <summary>The broker's version as it announces itself, e.g. "RabbitMQ 3.10.8 (Erlang 25.2.3)".</summary>
    public async Task<string> DescribeAsync()
    {
        await using var connection = await Factory("horizont-bench-probe").CreateConnectionAsync();
        return $"{Property(connection, "product")} {Property(connection, "version")} (Erlang {Property(connection, "platform")})";
    }

    /// <summary>Deletes the agency queues and exchanges, so that a handover starts on an empty broker.</summary>
    public async Task ResetAgencyQueuesAsync()
    {
        await using var connection = await Factory("horizont-bench-reset").CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in AgencyQueues.SelectMany(q => new[] { q, $"{q}_error", $"{q}_skipped" }))
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(queue, ifUnused: false);
        }
    }

    private static string Property(IConnection connection, string name) =>
        connection.ServerProperties?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "?";
}
