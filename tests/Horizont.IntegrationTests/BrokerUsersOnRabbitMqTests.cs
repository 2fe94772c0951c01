using System.Net;
using System.Net.Http.Json;
using System.Text;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Partners;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.IntegrationTests.Operations;
using Horizont.Jugendamt;
using Horizont.Messages;
using Horizont.Operations.Provisioning;
using Horizont.Provider;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Horizont.IntegrationTests;

/// <summary>
/// A virtual host provisioned as ADR 0011 says (a user per agency, <c>horizont-ops provision-broker</c>'s plan), on the
/// real RabbitMQ: the Jugendamt and a provider hand a referral over and back under their own users; provider B can
/// neither read provider A's queue, nor delete it, nor write to it, nor write as the Jugendamt; and a message whose body
/// claims another sender than the broker user who wrote it lands in the error queue with that reason.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerUsersOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private const string OperationsUser = "horizont-betrieb";

    private readonly TempDirectory _temp = new();
    private readonly string _vhost = "horizont-users-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private BrokerPlan _plan = null!;

    public async Task InitializeAsync()
    {
        if (Broker.UnavailableReason is not null)
            return;
        // The built-in partner directory, each agency on a broker user named like it (the default).
        _plan = BrokerPlan.For(
            [
                new Partner { Id = "ja-nordhausen", Name = "Jugendamt", Kind = AgencyKind.Jugendamt },
                new Partner { Id = "horizont-ev", Name = "Horizont e.V.", Kind = AgencyKind.Provider },
                new Partner { Id = "brueckenbau-ev", Name = "Brückenbau e.V.", Kind = AgencyKind.Provider },
            ], OperationsUser, "horizont-operations");
        foreach (var user in _plan.Users)
            _passwords[user.User] = Guid.NewGuid().ToString("N");
        using var management = Management();
        await new BrokerProvisioning(management).ApplyAsync(_plan, _vhost, _passwords, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Broker.UnavailableReason is not null)
            return;
        using var management = Management();
        await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(_vhost)}");
        foreach (var user in _plan.Users)
            await management.DeleteAsync($"api/users/{Uri.EscapeDataString(user.User)}");
    }

    public void Dispose() => _temp.Dispose();

    [BrokerFact]
    public async Task Provisioning_twice_changes_nothing_and_each_agency_hands_over_under_its_own_user()
    {
        using (var management = Management())
            await new BrokerProvisioning(management).ApplyAsync(_plan, _vhost, _passwords, CancellationToken.None);

        await using var jugendamt = await StartAsync("ja-nordhausen", b => b.AddJugendamt());
        await using var provider = await StartAsync("horizont-ev", b => b.AddProvider());
        await Referrals.HandOverAndAcceptAsync(jugendamt, provider, Guid.NewGuid(), "JGH-2026-0811");
        Assert.Equal(0u, await CountAsync("horizont-ev_error"));
        Assert.Equal(0u, await CountAsync("ja-nordhausen_error"));
    }

    [BrokerFact]
    public async Task Provider_b_cannot_read_delete_or_write_provider_as_queue_nor_write_as_the_jugendamt()
    {
        await using var connection = await Factory("brueckenbau-ev").CreateConnectionAsync();

        // Read another provider's queue.
        var read = await RefusedAsync(connection, channel => channel.BasicGetAsync("horizont-ev", autoAck: false));
        Assert.Equal(403, read.ReplyCode);
        Assert.Contains("access to queue 'horizont-ev'", read.ReplyText, StringComparison.Ordinal);
        Assert.Contains("refused for user 'brueckenbau-ev'", read.ReplyText, StringComparison.Ordinal);
        Assert.Equal(403, (await RefusedAsync(connection, channel => channel.BasicGetAsync("horizont-ev_error", autoAck: false))).ReplyCode);

        // Delete it, or its exchange, or re-declare them.
        Assert.Equal(403, (await RefusedAsync(connection, channel => channel.QueueDeleteAsync("horizont-ev", ifUnused: false, ifEmpty: false))).ReplyCode);
        Assert.Equal(403, (await RefusedAsync(connection, channel => channel.ExchangeDeleteAsync("horizont-ev", ifUnused: false))).ReplyCode);
        Assert.Equal(403, (await RefusedAsync(connection, channel => channel.ExchangeDeclareAsync("horizont-ev", ExchangeType.Fanout, durable: true))).ReplyCode);

        // Write to it directly, or through the Jugendamt's route to it.
        Assert.Equal(403, (await RefusedAsync(connection, channel => PublishAsync(channel, "horizont-ev", userId: "brueckenbau-ev"))).ReplyCode);
        Assert.Equal(403, (await RefusedAsync(connection, channel => PublishAsync(channel, "ja-nordhausen.to.horizont-ev", userId: "brueckenbau-ev"))).ReplyCode);

        // Write as the Jugendamt: the broker checks user_id against the connection's user.
        var forged = await RefusedAsync(connection, channel => PublishAsync(channel, "brueckenbau-ev.to.ja-nordhausen", userId: "ja-nordhausen"));
        Assert.Equal(406, forged.ReplyCode);
        Assert.Contains("user_id", forged.ReplyText, StringComparison.Ordinal);

        // Its own route to the Jugendamt is open, and nothing of the above reached provider A's queue.
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
            await PublishAsync(channel, "brueckenbau-ev.to.ja-nordhausen", userId: "brueckenbau-ev");
        Assert.Equal(1u, await CountAsync("ja-nordhausen"));
        Assert.Equal(0u, await CountAsync("horizont-ev"));
    }

    [BrokerFact]
    public async Task A_message_claiming_another_sender_than_its_broker_user_goes_to_the_error_queue_with_that_reason_and_changes_nothing()
    {
        await using var jugendamt = await StartAsync("ja-nordhausen", b => b.AddJugendamt());
        await using var horizont = await StartAsync("horizont-ev", b => b.AddProvider());
        var referralId = Guid.NewGuid();
        using (var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", "JGH-2026-0812")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => await horizont.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null, "the case at the provider");

        // Provider B, a partner of the Jugendamt with a route of its own, writes an acceptance in provider A's name.
        await using (var brueckenbau = await StartAsync("brueckenbau-ev", b => b.AddProvider()))
        {
            var endpoint = await brueckenbau.Services.GetRequiredService<AgencyEndpoints>().GetAsync(brueckenbau.Services.GetRequiredService<IBus>(), "ja-nordhausen");
            await endpoint.Send(new ReferralAccepted { ReferralId = referralId, SenderAgencyId = "horizont-ev", ReceiverAgencyId = "ja-nordhausen", AcceptedAt = DateTimeOffset.UtcNow });
        }

        await Eventually.TrueAsync(async () => await CountAsync("ja-nordhausen_error") == 1, "the forged acceptance in ja-nordhausen_error");
        await using (var connection = await Factory(OperationsUser).CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var failed = await channel.BasicGetAsync("ja-nordhausen_error", autoAck: false);
            Assert.NotNull(failed);
            var headers = failed.BasicProperties.Headers!;
            Assert.Equal("brueckenbau-ev", Encoding.UTF8.GetString((byte[])headers[BrokerUserId.Header]!));
            Assert.False(failed.BasicProperties.IsUserIdPresent());
            var reason = Encoding.UTF8.GetString((byte[])headers["MT-Fault-Message"]!);
            Assert.Contains("senderAgencyId 'horizont-ev' was not sent by that agency's broker user 'horizont-ev' but by broker user 'brueckenbau-ev'", reason, StringComparison.Ordinal);
        }

        // Operations, under its own user (no permission on any inbound queue), sees the failure and replays it under its
        // original user (impersonator tag); the Jugendamt refuses it again.
        await using var ops = await (await StartAsync(OperationsUser, b => b.AddOperationsForTests())).AsOperationsAsync();
        var group = await FailingHandover.WaitForGroupAsync(ops);
        Assert.Equal("ja-nordhausen_error", group.GetProperty("errorQueue").GetString());
        using (var replay = await ops.Client.PostAsync($"/ops/api/failures/{group.GetProperty("id").GetString()}/replay", null))
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        JsonElement refusedAgain = default;
        await Eventually.TrueAsync(async () =>
        {
            var groups = (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures")).GetProperty("groups").EnumerateArray().ToList();
            if (groups.Count != 1)
                return false;
            // The listed group may be the one the replay is just emptying: gone by the time it is read, so not yet.
            using var response = await ops.Client.GetAsync($"/ops/api/failures/{groups[0].GetProperty("id").GetString()}");
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            response.EnsureSuccessStatusCode();
            var messages = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages");
            refusedAgain = messages[0];
            return messages.GetArrayLength() == 1 && refusedAgain.GetProperty("replayCount").GetInt32() == 1;
        }, "the replayed message refused again, once replayed");
        // It came back from B's user, not without one: the replay restored the user id the broker had vouched for.
        Assert.Equal("brueckenbau-ev", refusedAgain.GetProperty("headers").GetProperty(BrokerUserId.Header).GetString());
        Assert.Equal("Submitted", (await jugendamt.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}"))!.Value.GetProperty("status").GetString());
    }

    [BrokerFact]
    public async Task The_definitions_file_gives_the_same_users_and_permissions_when_the_broker_loads_it()
    {
        var vhost = _vhost + "-definitions";
        using var management = Management();
        try
        {
            using (var response = await management.PostAsJsonAsync("api/definitions", BrokerProvisioning.Definitions(_plan, vhost, _passwords)))
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

            var factory = Factory("horizont-ev");
            factory.VirtualHost = vhost;
            await using var connection = await factory.CreateConnectionAsync();
            await using (var own = await connection.CreateChannelAsync())
                Assert.Null(await own.BasicGetAsync("horizont-ev", autoAck: false));
            Assert.Equal(403, (await RefusedAsync(connection, channel => channel.BasicGetAsync("brueckenbau-ev", autoAck: false))).ReplyCode);
        }
        finally
        {
            await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}");
        }
    }

    private async Task<AgencyHost> StartAsync(string agency, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> add)
    {
        var settings = Broker.TransportSettings();
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Partners:", StringComparison.Ordinal)).ToList())
            settings.Remove(key);
        settings["RabbitMqTransport:VHost"] = _vhost;
        settings["RabbitMqTransport:User"] = agency;
        settings["RabbitMqTransport:Pass"] = _passwords[agency];
        settings["Messaging:DeclarePartnerQueues"] = "false";
        settings["Messaging:ImmediateRetries"] = "0";
        settings["Provider:AgencyId"] = agency;
        return await AgencyHost.StartAsync(_temp.Sub(agency), settings, add);
    }

    private ConnectionFactory Factory(string user) => new()
    {
        HostName = Broker.Host,
        VirtualHost = _vhost,
        UserName = user,
        Password = _passwords[user],
        ClientProvidedName = "horizont-broker-users-test",
    };

    private async Task<uint> CountAsync(string queue)
    {
        var factory = Broker.ConnectionFactory();
        factory.VirtualHost = _vhost;
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Runs <paramref name="act"/> on a fresh channel and returns why the broker closed it.</summary>
    private static async Task<ShutdownEventArgs> RefusedAsync(IConnection connection, Func<IChannel, Task> act)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await act(channel);
            // A refused publish closes the channel asynchronously: the next synchronous call (one any user may make) sees it.
            await channel.BasicQosAsync(0, 1, global: false);
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or RabbitMQ.Client.Exceptions.PublishException)
        {
        }

        return channel.CloseReason ?? throw new Xunit.Sdk.XunitException("The broker allowed it.");
    }

    private static async Task PublishAsync(IChannel channel, string exchange, string userId) =>
        await channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties { UserId = userId, Persistent = true }, Encoding.UTF8.GetBytes("{}"));

    private static HttpClient Management() =>
        BrokerProvisioning.Client(new Uri($"http://{Broker.Host}:15672/"), Broker.User, Broker.Password);
}
