using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Messages.Operations;
using Horizont.Operations;
using Horizont.Provider;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// Issue 11: a partner queue in which messages wait with no consumer is listed with its depth and the age of its
/// oldest message, and raises "Queue ohne Consumer". In the all-in-one host the held destinations of the heartbeat
/// are the source; on RabbitMQ the management API.
/// </summary>
public sealed class QueueWithoutConsumerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The measured case: brueckenbau-ev is in the partner directory, but no endpoint of the all-in-one host serves it.
    /// Needs the services' heartbeat to report <c>OutboxDestinations</c> with <c>Held</c> (the Hosting side of issue 11).
    /// </summary>
    [Fact]
    public async Task A_referral_for_a_provider_not_served_in_the_all_in_one_host_shows_as_a_queue_without_consumer_with_an_alert()
    {
        var settings = OperationsSettings();
        settings["Transport"] = "InMemory";
        await using var host = await (await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddJugendamt(), b => b.AddProvider(), b => b.AddOperationsForTests()))
            .AsOperationsAsync();
        using var jugendamt = await OpsSignIn.ClientAsync(host, "jgh.test", "ja-nordhausen", HorizontRoles.JugendamtCasework);

        using (var response = await jugendamt.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(Guid.NewGuid(), "brueckenbau-ev", "JGH-2026-0301")))
            response.EnsureSuccessStatusCode();

        var queue = await UnservedAsync(host, "brueckenbau-ev");
        Assert.Equal(1, queue.GetProperty("messages").GetInt64());
        Assert.Equal(JsonValueKind.String, queue.GetProperty("oldestAt").ValueKind);
        await OpenAlertAsync(host, "brueckenbau-ev");
        using var browser = await OpsSignIn.BrowserAsync(host, "a.aufsicht");
        var page = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync("/ops/"));
        Assert.Contains("Queues ohne Consumer", page, StringComparison.Ordinal);
        Assert.Contains("zurückgehalten in der Outbox von jugendamt/", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_destinations_of_a_heartbeat_are_kept_listed_alerted_and_resolve_when_the_outbox_no_longer_holds_them()
    {
        var settings = OperationsSettings();
        settings["Transport"] = "InMemory";
        // Only the beats the test plays.
        settings["Operations:HeartbeatInterval"] = "00:00:00";
        await using var ops = await (await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddOperations())).AsOperationsAsync();
        var oldest = DateTimeOffset.UtcNow.AddMinutes(-3);

        await BeatAsync(ops, DateTimeOffset.UtcNow,
            new OutboxDestination { AgencyId = "brueckenbau-ev", Queue = "brueckenbau-ev", Pending = 2, OldestAt = oldest, Held = true },
            new OutboxDestination { AgencyId = "horizont-ev", Queue = "horizont-ev", Pending = 1, OldestAt = DateTimeOffset.UtcNow });

        var instance = (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray().Single();
        var destinations = instance.GetProperty("outboxDestinations").EnumerateArray().ToList();
        Assert.Equal(["brueckenbau-ev", "horizont-ev"], destinations.Select(d => d.GetProperty("queue").GetString()));
        Assert.True(destinations[0].GetProperty("held").GetBoolean());
        Assert.Equal(2, destinations[0].GetProperty("pending").GetInt32());
        var queue = await UnservedAsync(ops, "brueckenbau-ev");
        Assert.Equal(2, queue.GetProperty("messages").GetInt64());
        Assert.Equal(["jugendamt/ja-nordhausen"], queue.GetProperty("heldBy").EnumerateArray().Select(s => s.GetString()));
        var alert = await OpenAlertAsync(ops, "brueckenbau-ev");
        Assert.Contains("warten 2 Nachrichten im Postausgang (Outbox) von jugendamt/ja-nordhausen", alert.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The partner is served now: the outbox holds nothing any more, the alert resolves.
        await BeatAsync(ops, DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray().All(a => a.GetProperty("rule").GetString() != "QueueWithoutConsumer"),
            "the alert to resolve", TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/queues/unserved")).GetArrayLength());
    }

    internal static Dictionary<string, string?> OperationsSettings(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Operations:ScanInterval"] = "00:00:00.250";
        settings["Operations:HeartbeatInterval"] = "00:00:01";
        settings["Operations:Alerts:QueueWithoutConsumer:For"] = "00:00:00";
        return settings;
    }

    internal static Task<JsonElement> UnservedAsync(AgencyHost ops, string queue) =>
        Eventually.GetAsync<JsonElement>(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/queues/unserved")).EnumerateArray()
                .FirstOrDefault(q => q.GetProperty("queue").GetString() == queue) is { ValueKind: JsonValueKind.Object } found ? found : null,
            $"{queue} listed as a queue without consumer", TimeSpan.FromSeconds(30));

    internal static Task<JsonElement> OpenAlertAsync(AgencyHost ops, string queue) =>
        Eventually.GetAsync<JsonElement>(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("rule").GetString() == "QueueWithoutConsumer" && a.GetProperty("subject").GetString() == queue)
                is { ValueKind: JsonValueKind.Object } found ? found : null,
            $"the alert for {queue}", TimeSpan.FromSeconds(30));

    internal static async Task BeatAsync(AgencyHost ops, DateTimeOffset sentAt, params OutboxDestination[] destinations)
    {
        var endpoint = await ops.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:horizont-operations"));
        await endpoint.Send(new ServiceHeartbeat
        {
            Service = "jugendamt/ja-nordhausen",
            Instance = "node-1",
            Version = "test",
            StartedAt = sentAt.AddMinutes(-10),
            SentAt = sentAt,
            Interval = TimeSpan.FromSeconds(10),
            OutboxPending = destinations.Sum(d => d.Pending),
            OutboxOldestAt = destinations.Length == 0 ? null : destinations.Min(d => d.OldestAt),
            OutboxDestinations = destinations,
        });
        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray()
                .Any(i => i.GetProperty("lastBeatAt").GetDateTimeOffset() >= sentAt.AddSeconds(-1) && i.GetProperty("outboxPending").GetInt32() == destinations.Sum(d => d.Pending)),
            "the beat to arrive", TimeSpan.FromSeconds(10));
    }
}
