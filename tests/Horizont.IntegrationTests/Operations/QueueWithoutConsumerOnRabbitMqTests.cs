using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// On the real RabbitMQ: a referral for brueckenbau-ev, whose provider is not running, waits in its quorum queue with no
/// consumer; operations lists the queue with its depth, the age of its oldest message unknown (quorum queues do not
/// report it), and raises "Queue ohne Consumer".
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class QueueWithoutConsumerOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FailingHandover _handover = new();

    public Task InitializeAsync() => FailingHandover.ResetBrokerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _handover.Dispose();
        _temp.Dispose();
    }

    [BrokerFact]
    public async Task A_referral_waiting_for_a_provider_that_does_not_run_is_a_queue_without_consumer_with_an_alert()
    {
        await using var jugendamt = await _handover.StartJugendamtAsync();
        var settings = QueueWithoutConsumerTests.OperationsSettings(Broker.TransportSettings());
        await using var ops = await (await AgencyHost.StartAsync(_temp.Sub("operations"), settings, b => b.AddOperationsForTests())).AsOperationsAsync();

        using (var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(Guid.NewGuid(), "brueckenbau-ev", "JGH-2026-0401")))
            response.EnsureSuccessStatusCode();

        // The management API refreshes its figures every few seconds: polled, not read once.
        var queue = await QueueWithoutConsumerTests.UnservedAsync(ops, "brueckenbau-ev");
        Assert.Equal(1, queue.GetProperty("messages").GetInt64());
        Assert.Equal("broker", queue.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("oldestAt").ValueKind);
        var alert = await QueueWithoutConsumerTests.OpenAlertAsync(ops, "brueckenbau-ev");
        Assert.Contains("das Alter der ältesten ist unbekannt", alert.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Queues of partners that run (the Jugendamt's own) are not listed.
        var unserved = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/queues/unserved");
        Assert.DoesNotContain(unserved.EnumerateArray(), q => q.GetProperty("queue").GetString() == "ja-nordhausen");
        using var browser = await OpsSignIn.BrowserAsync(ops, "a.aufsicht");
        var page = await browser.GetStringAsync("/ops/");
        Assert.Contains("unbekannt", page, StringComparison.Ordinal);
    }
}
