using System.Net.Http.Headers;
using System.Text;
using RabbitMQ.Client;

namespace Horizont.Operations.Tests.Support;

/// <summary>
/// The RabbitMQ the broker tests use: 127.0.0.1:5672, virtual host <c>horizont-tests</c>, guest/guest, management API
/// on port 15672, unless <c>HORIZONT_TEST_RABBITMQ_HOST</c>/<c>…_VHOST</c>/<c>…_USER</c>/<c>…_PASS</c>/<c>…_MANAGEMENT_PORT</c>
/// say otherwise. Locally: <c>rabbitmqctl add_vhost horizont-tests &amp;&amp; rabbitmqctl set_permissions -p horizont-tests
/// guest ".*" ".*" ".*"</c> and <c>rabbitmq-plugins enable rabbitmq_management</c>.
/// </summary>
public static class Broker
{
    public static string Host { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_HOST") ?? "127.0.0.1";
    public static string VirtualHost { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_VHOST") ?? "horizont-tests";
    public static string User { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_USER") ?? "guest";
    public static string Password { get; } = Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_PASS") ?? "guest";

    public static ushort ManagementPort { get; } =
        ushort.TryParse(Environment.GetEnvironmentVariable("HORIZONT_TEST_RABBITMQ_MANAGEMENT_PORT"), out var port) ? port : (ushort)15672;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);
    private static readonly Lazy<string?> s_managementUnavailableReason = new(ProbeManagement);

    /// <summary>Null when the broker answers on AMQP; otherwise why not.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>Null when the broker and its management API answer; otherwise why not.</summary>
    public static string? ManagementUnavailableReason => UnavailableReason ?? s_managementUnavailableReason.Value;

    public static ConnectionFactory ConnectionFactory() => new()
    {
        HostName = Host,
        VirtualHost = VirtualHost,
        UserName = User,
        Password = Password,
        ClientProvidedName = "horizont-operations-tests",
    };

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

    private static string? ProbeManagement()
    {
        var url = $"http://{Host}:{ManagementPort}/api/vhosts/{Uri.EscapeDataString(VirtualHost)}";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
            using var response = http.Send(request);
            return response.IsSuccessStatusCode
                ? null
                : $"RabbitMQ's management API at {url} answers {(int)response.StatusCode} {response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"no RabbitMQ management API at {url} ({ex.GetType().Name}: {ex.Message}; rabbitmq-plugins enable rabbitmq_management)";
        }
    }
}

/// <summary>
/// A test that needs the real broker and its management API. Skipped with the reason when there is none, except under
/// <c>CI=true</c>, where it runs and fails: CI must never pass with its broker tests skipped.
/// </summary>
public sealed class ManagementApiFactAttribute : FactAttribute
{
    public ManagementApiFactAttribute()
    {
        if (!Broker.IsCi && Broker.ManagementUnavailableReason is { } reason)
            Skip = $"Broker test skipped: {reason}. Start RabbitMQ with the management plugin (see README) to run it.";
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    public const string Name = "broker";
}
