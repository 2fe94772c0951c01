using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.IntegrationTests.Operations;
using Horizont.Jugendamt;
using Horizont.Operations.Provisioning;
using Horizont.Provider;

namespace Horizont.IntegrationTests;

/// <summary>
/// The services on the broker's TLS listeners (<c>RabbitMqTransport__UseSsl</c>): a referral handed over and answered
/// over AMQPS, every connection of the test's virtual host encrypted as the broker sees it, and operations reading the
/// queue figures from the management API over HTTPS. The broker's certificate comes from a CA the machine trusts, as
/// an agency's own CA would (<c>.ci/run</c> makes both).
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class TlsOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev") : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [TlsBrokerFact]
    public async Task A_referral_is_handed_over_and_answered_over_amqps_and_operations_reads_the_figures_over_https()
    {
        await using var jugendamt = await AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), TlsSettings(), b => b.AddJugendamt());
        await using var provider = await AgencyHost.StartAsync(_temp.Sub("horizont-ev"), TlsSettings(), b => b.AddProvider());
        var settings = TlsSettings();
        await using var ops = await (await AgencyHost.StartAsync(_temp.Sub("operations"), settings, b => b.AddOperationsForTests())).AsOperationsAsync();

        await Referrals.HandOverAndAcceptAsync(jugendamt, provider, Guid.NewGuid(), "JGH-2026-0911");

        // As the broker sees them: every connection on the test's virtual host came in over TLS (the management API
        // lists a connection with its first statistics, some seconds after it opened).
        using var management = BrokerProvisioning.Client(new Uri($"http://{Broker.Host}:15672/"), Broker.User, Broker.Password);
        var connections = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            connections = (await management.GetFromJsonAsync<JsonElement>("api/connections")).EnumerateArray()
                .Where(c => c.GetProperty("vhost").GetString() == Broker.VirtualHost).ToList();
            return connections.Count >= 3;
        }, "the services' three connections in the broker's list", TimeSpan.FromSeconds(30));
        Assert.All(connections, c => Assert.True(c.GetProperty("ssl").GetBoolean(), $"{c.GetProperty("name").GetString()} is not encrypted"));

        // Operations' figures came from https://127.0.0.1:15671.
        var queues = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/queues");
        Assert.Equal(JsonValueKind.Null, queues.GetProperty("error").ValueKind);
        Assert.Contains(queues.GetProperty("queues").EnumerateArray(), q => q.GetProperty("name").GetString() == "horizont-ev");
    }

    private static Dictionary<string, string?> TlsSettings()
    {
        var settings = Broker.TransportSettings();
        settings["RabbitMqTransport:UseSsl"] = "true";
        settings["RabbitMqTransport:Port"] = TlsBroker.AmqpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RabbitMqTransport:ManagementPort"] = TlsBroker.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}
