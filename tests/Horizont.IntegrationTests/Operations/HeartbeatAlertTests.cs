using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Reminders;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Messages.Operations;
using Horizont.Operations;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// Heartbeats as operations judges them, with an interval of one second: a service that falls silent is late after
/// two missed beats and gone after three, with one alert and one e-mail; the alert resolves when it comes back.
/// </summary>
public sealed class HeartbeatAlertTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _temp = new();
    private readonly int _smtpPort = Ports.Free();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_silent_service_is_late_then_gone_with_one_alert_and_one_mail_and_resolves_when_it_beats_again()
    {
        using var smtp = SimpleSmtpServer.Start(_smtpPort);
        await using var ops = await StartAsync();
        var startedAt = DateTimeOffset.UtcNow;

        await BeatAsync(ops, "provider/brueckenbau-ev", "node-1", startedAt);
        Assert.Equal("Alive", (await InstanceAsync(ops, "node-1")).GetProperty("state").GetString());

        // Silence: late after two intervals, gone (and an alert) after three, within one scan.
        await Eventually.TrueAsync(async () => (await InstanceAsync(ops, "node-1")).GetProperty("state").GetString() == "Late", "the instance to be late", TimeSpan.FromSeconds(10));
        var open = await Eventually.GetAsync<JsonElement>(async () =>
        {
            var alerts = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open");
            return alerts.EnumerateArray().FirstOrDefault(a => a.GetProperty("rule").GetString() == "HeartbeatMissing") is { ValueKind: JsonValueKind.Object } alert ? alert : null;
        }, "the heartbeat alert", TimeSpan.FromSeconds(10));
        var silentFor = DateTimeOffset.UtcNow - startedAt;
        Assert.True(silentFor < TimeSpan.FromSeconds(3) + Interval * 4, $"alert after {silentFor.TotalSeconds:0.0} s");
        Assert.Equal("provider/brueckenbau-ev (node-1)", open.GetProperty("subject").GetString());
        Assert.Equal("Gone", (await InstanceAsync(ops, "node-1")).GetProperty("state").GetString());

        // Raised once: further passes, while the instance stays gone, neither raise it again nor mail it again.
        await AlertPasses.MailSentAsync(ops, TimeSpan.FromSeconds(10));
        await AlertPasses.RunAsync(ops, 3);
        var all = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=all");
        Assert.Single(all.EnumerateArray(), a => a.GetProperty("rule").GetString() == "HeartbeatMissing");
        var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Assert.Single(smtp.ReceivedEmail).Data)));
        Assert.Equal("Horizont-Betrieb: Dienst meldet sich nicht (provider/brueckenbau-ev (node-1))", mail.Subject);
        Assert.Contains("meldet sich seit", mail.TextBody, StringComparison.Ordinal);

        // Back: alive again, the alert resolved, no second mail.
        await BeatAsync(ops, "provider/brueckenbau-ev", "node-1", startedAt);
        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray().All(a => a.GetProperty("rule").GetString() != "HeartbeatMissing"),
            "the alert to resolve", TimeSpan.FromSeconds(10));
        var resolved = (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=resolved")).EnumerateArray().Single();
        Assert.Equal(open.GetProperty("id").GetGuid(), resolved.GetProperty("id").GetGuid());
        Assert.Equal("Alive", (await InstanceAsync(ops, "node-1")).GetProperty("state").GetString());
        Assert.Equal(1, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task A_gone_instance_replaced_by_a_new_one_resolves_and_a_planned_stop_raises_nothing()
    {
        await using var ops = await StartAsync(mail: false);
        var startedAt = DateTimeOffset.UtcNow;
        await BeatAsync(ops, "jugendamt/ja-nordhausen", "pod-a", startedAt);
        await BeatAsync(ops, "provider/horizont-ev", "pod-x", startedAt);
        await Eventually.TrueAsync(async () => (await OpenAsync(ops)).Count == 2, "both instances' alerts", TimeSpan.FromSeconds(10));

        // A restart comes back under a new instance id: the gone one is forgotten, its alert resolves.
        await BeatAsync(ops, "jugendamt/ja-nordhausen", "pod-b", DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => (await OpenAsync(ops)).SequenceEqual(["provider/horizont-ev (pod-x)"]), "the replaced instance's alert to resolve", TimeSpan.FromSeconds(10));
        var instances = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats");
        Assert.DoesNotContain(instances.EnumerateArray(), i => i.GetProperty("instance").GetString() == "pod-a");

        // A planned stop says so: no alert for its silence. A control instance that falls silent at the same moment
        // without saying so is gone after three intervals; by then the stopped one would be too.
        var bus = ops.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(new Uri("queue:horizont-operations"));
        await endpoint.Send(Beat("jugendamt/ja-nordhausen", "pod-b", DateTimeOffset.UtcNow) with { Stopping = true });
        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray().All(i => i.GetProperty("instance").GetString() != "pod-b"),
            "the stopped instance to be forgotten", TimeSpan.FromSeconds(10));
        await BeatAsync(ops, "provider/brueckenbau-ev", "control", DateTimeOffset.UtcNow);
        await Eventually.TrueAsync(async () => (await OpenAsync(ops)).Contains("provider/brueckenbau-ev (control)"), "the control instance's alert", TimeSpan.FromSeconds(10));
        await AlertPasses.RunAsync(ops, 1);
        Assert.Equal(["provider/brueckenbau-ev (control)", "provider/horizont-ev (pod-x)"], await OpenAsync(ops));
    }

    [Fact]
    public async Task Operations_itself_down_for_longer_than_three_beats_raises_nothing_when_it_comes_back()
    {
        var clock = new MovableTimeProvider();
        await using (var before = await StartAsync(mail: false, clock))
            await BeatAsync(before, "provider/horizont-ev", "node-7", clock.GetUtcNow());

        // Operations is down for five intervals; nobody could hear the beats meanwhile. From here the clock moves only
        // when the test says so: a start that takes seconds on a loaded machine must not count as the instance's silence.
        clock.Jump(Interval * 5);
        clock.Freeze();
        await using var after = await StartAsync(mail: false, clock);
        await AlertPasses.RunAsync(after, 1);

        // Counted from operations' own start, not from the old beat: not gone, no alert.
        Assert.Equal("Alive", (await InstanceAsync(after, "node-7")).GetProperty("state").GetString());
        Assert.Empty(await OpenAsync(after));

        // Still silent three intervals after operations' own start: now it is gone.
        clock.Jump(Interval * 3 + TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(async () => (await OpenAsync(after)).SequenceEqual(["provider/horizont-ev (node-7)"]), "the heartbeat alert", TimeSpan.FromSeconds(10));
    }

    private static async Task<List<string>> OpenAsync(AgencyHost ops) =>
        (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray()
            .Where(a => a.GetProperty("rule").GetString() == "HeartbeatMissing")
            .Select(a => a.GetProperty("subject").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<JsonElement> InstanceAsync(AgencyHost ops, string instance) =>
        (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray().Single(i => i.GetProperty("instance").GetString() == instance);

    private static async Task BeatAsync(AgencyHost ops, string service, string instance, DateTimeOffset startedAt)
    {
        var endpoint = await ops.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:horizont-operations"));
        var beat = Beat(service, instance, startedAt);
        await endpoint.Send(beat);
        // This beat's arrival, not "Alive": an instance that is already alive is so before its new beat arrives, and a
        // slow consumer can let a fresh beat's instance turn late before the first poll.
        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray()
                .Any(i => i.GetProperty("instance").GetString() == instance && i.GetProperty("lastBeatAt").GetDateTimeOffset() >= beat.SentAt),
            $"{instance}'s beat to arrive", TimeSpan.FromSeconds(10));
    }

    private static ServiceHeartbeat Beat(string service, string instance, DateTimeOffset startedAt) => new()
    {
        Service = service,
        Instance = instance,
        Version = "test",
        StartedAt = startedAt,
        SentAt = DateTimeOffset.UtcNow,
        Interval = Interval,
    };

    private async Task<AgencyHost> StartAsync(bool mail = true, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Operations:ScanInterval"] = "00:00:00.250",
            // The host's own heartbeat stays out of the way of the instances the test plays.
            ["Operations:HeartbeatInterval"] = "00:00:00",
        };
        if (mail)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = nameof(SmtpSecurity.None);
            settings["Smtp:From"] = "Horizont <horizont@horizont.example>";
            settings["Smtp:Recipients:Operations"] = "betrieb@horizont.example";
        }

        var ops = await AgencyHost.StartAsync(_temp.Path, settings, b =>
        {
            if (clock is not null)
                b.Services.AddSingleton(clock);
            b.AddOperations();
        });
        return await ops.AsOperationsAsync();
    }
}
