using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Messages;
using Horizont.Provider;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.IntegrationTests;

/// <summary>
/// Nothing lost, nothing twice, on the real broker: a process killed between commit and send, a
/// message delivered twice, and a broker restart in the middle of a stream of referrals.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DurabilityOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev") : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [BrokerFaultFact]
    public async Task Referrals_committed_by_a_process_killed_before_sending_are_sent_after_its_restart()
    {
        await using var provider = await StartProviderAsync();
        var settings = Broker.TransportSettings();
        settings["Horizont:DataDirectory"] = _temp.Sub("ja-process");
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        var jugendamt = await ServiceProcess.StartAsync("Horizont.Jugendamt", settings);
        await using (jugendamt)
        {
            // With the broker down, a referral is committed (ledger + outbox) but cannot leave.
            await RabbitMqCtl.RunAsync("stop_app");
            try
            {
                foreach (var id in ids)
                {
                    using var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", $"JGH-KILL-{id:N}"));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }

                await jugendamt.KillAsync();
            }
            finally
            {
                await StartBrokerAsync();
            }
        }

        Assert.Equal(5, CountUnsent(Path.Combine(_temp.Sub("ja-process"), "jugendamt-ja-nordhausen.db")));

        await using var restarted = await ServiceProcess.StartAsync("Horizont.Jugendamt", settings);
        foreach (var id in ids)
            await WaitForCaseAsync(provider, id);
        await Eventually.TrueAsync(() => Task.FromResult(CountUnsent(Path.Combine(_temp.Sub("ja-process"), "jugendamt-ja-nordhausen.db")) == 0),
            "the restarted process to mark its outbox sent");
        Assert.Equal(5, (await provider.GetJsonOrNullAsync("/provider/api/cases"))!.Value.GetArrayLength());
    }

    [BrokerFact]
    public async Task The_same_message_delivered_twice_is_applied_once_on_either_side()
    {
        await using var jugendamt = await StartJugendamtAsync();
        await using var provider = await StartProviderAsync();
        var consumed = new ConsumeCounter();
        using var providerObserver = provider.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);
        using var jugendamtObserver = jugendamt.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);

        var referralId = Guid.NewGuid();
        using (var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", "JGH-DUP-1")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForCaseAsync(provider, referralId);

        // The same SubmitReferral again, under the message id the Jugendamt's outbox used.
        var submitted = consumed.Messages.OfType<SubmitReferral>().Single();
        var submitId = consumed.MessageIds[submitted];
        var toProvider = await jugendamt.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("exchange:horizont-ev"));
        await toProvider.Send(submitted, c => c.MessageId = submitId);
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Count<SubmitReferral>() == 2), "the copy of SubmitReferral to be consumed");

        (await provider.Client.PostAsync($"/provider/api/cases/{referralId}/accept", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Count<ReferralAccepted>() == 1), "ReferralAccepted at the Jugendamt");
        var accepted = consumed.Messages.OfType<ReferralAccepted>().Single();
        var toJugendamt = await provider.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("exchange:ja-nordhausen"));
        await toJugendamt.Send(accepted, c => c.MessageId = consumed.MessageIds[accepted]);
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Count<ReferralAccepted>() == 2), "the copy of ReferralAccepted to be consumed");

        var providerCase = (await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}"))!.Value;
        // Without the inbox the copy would still open no second case (the referral id is known), but it
        // would leave a DuplicateReceived entry: the inbox drops it before it touches the case.
        Assert.Equal(["ReferralReceived"], providerCase.GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("kind").GetString()).Where(k => k is "ReferralReceived" or "DuplicateReceived"));
        var ledger = (await jugendamt.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}"))!.Value;
        Assert.Single(ledger.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "ReferralAccepted");
        await ExportFolder.WaitForFilesAsync(ExportFolder.Of(jugendamt.DataDirectory), $"*{referralId}*");
        Assert.Equal(1, (await provider.GetJsonOrNullAsync("/provider/api/cases"))!.Value.GetArrayLength());
    }

    [BrokerFaultFact]
    public async Task A_broker_restart_in_a_stream_of_1000_referrals_ends_with_1000_cases_and_1000_answers()
    {
        const int Total = 1000;
        var log = new CapturedLog();
        await using var jugendamt = await AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), Broker.TransportSettings(),
            b => b.Services.AddSingleton<Serilog.Core.ILogEventSink>(log), b => b.AddJugendamt());
        await using var provider = await StartProviderAsync();
        using var stop = new CancellationTokenSource();
        var accepter = AcceptEverythingAsync(provider, stop.Token);

        var ids = Enumerable.Range(0, Total).Select(_ => Guid.NewGuid()).ToList();
        var ledger = Path.Combine(jugendamt.DataDirectory, "jugendamt-ja-nordhausen.db");

        // A third before, a third while the broker is down, a third after it is back.
        await PostAsync(jugendamt, ids[..333]);
        await RabbitMqCtl.RunAsync("stop_app");
        int waitingDuringOutage;
        try
        {
            await PostAsync(jugendamt, ids[333..666]);
            waitingDuringOutage = CountUnsent(ledger);
        }
        finally
        {
            await StartBrokerAsync();
        }

        await PostAsync(jugendamt, ids[666..]);
        Assert.True(waitingDuringOutage > 0, "no referral waited in the outbox while the broker was down; the test did not exercise the outage");

        try
        {
            await Eventually.TrueAsync(async () => await CountAsync(jugendamt, "/jugendamt/api/referrals?status=Accepted") == Total,
                $"all {Total} referrals to be accepted in the ledger", TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException timeout)
        {
            var providerDb = Path.Combine(provider.DataDirectory, "provider-horizont-ev.db");
            throw new TimeoutException(
                $"{timeout.Message} Ledger accepted {await CountAsync(jugendamt, "/jugendamt/api/referrals?status=Accepted")}, " +
                $"ledger outbox unsent {CountUnsent(ledger)}, provider cases {await CountAsync(provider, "/provider/api/cases")}, " +
                $"provider submitted {await CountAsync(provider, "/provider/api/cases?state=Submitted")}, provider outbox unsent {CountUnsent(providerDb)}, " +
                $"queue horizont-ev {await Broker.MessageCountAsync("horizont-ev")}, queue ja-nordhausen {await Broker.MessageCountAsync("ja-nordhausen")}. " +
                $"Jugendamt log: {string.Join(Environment.NewLine, log.Lines.TakeLast(40))}", timeout);
        }
        await stop.CancelAsync();
        await accepter;

        Assert.Equal(Total, await CountAsync(provider, "/provider/api/cases"));
        Assert.Equal(Total, await CountAsync(provider, "/provider/api/cases?state=Accepted"));
        Assert.Equal(Total, await CountAsync(jugendamt, "/jugendamt/api/referrals"));
        await ExportFolder.WaitForFilesAsync(ExportFolder.Of(jugendamt.DataDirectory), "*ReferralAccepted*.json", Total);
        Assert.Equal(0, CountUnsent(ledger));
    }

    private static Task PostAsync(AgencyHost jugendamt, IEnumerable<Guid> ids) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, cancellationToken) =>
        {
            using var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", $"JGH-LOAD-{id:N}"), cancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });

    private static async Task StartBrokerAsync()
    {
        await RabbitMqCtl.RunAsync("start_app");
        await RabbitMqCtl.RunAsync("await_startup");
    }

    private static async Task AcceptEverythingAsync(AgencyHost provider, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var submitted = await provider.GetJsonOrNullAsync("/provider/api/cases?state=Submitted");
            foreach (var item in submitted!.Value.EnumerateArray())
            {
                using var response = await provider.Client.PostAsync($"/provider/api/cases/{item.GetProperty("referralId").GetGuid()}/accept", null, CancellationToken.None);
                Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict, $"accept answered {response.StatusCode}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task<int> CountAsync(AgencyHost host, string path) => (await host.GetJsonOrNullAsync(path))!.Value.GetArrayLength();

    private static int CountUnsent(string database)
    {
        const string sql = "SELECT COUNT(*) FROM OutboxMessages WHERE SentAt IS NULL";
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<AgencyHost> StartJugendamtAsync() =>
        AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), Broker.TransportSettings(), b => b.AddJugendamt());

    private Task<AgencyHost> StartProviderAsync()
    {
        var settings = Broker.TransportSettings();
        settings["Provider:AgencyId"] = "horizont-ev";
        return AgencyHost.StartAsync(_temp.Sub("horizont-ev"), settings, b => b.AddProvider());
    }

    private static Task WaitForCaseAsync(AgencyHost provider, Guid referralId) =>
        Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null,
            $"case {referralId} at the provider", TimeSpan.FromSeconds(60));

    /// <summary>Counts what the consumers finished, and remembers each message's id.</summary>
    private sealed class ConsumeCounter : IConsumeObserver
    {
        private readonly ConcurrentQueue<object> _messages = new();

        public ConcurrentDictionary<object, Guid> MessageIds { get; } = new(ReferenceEqualityComparer.Instance);

        public IEnumerable<object> Messages => _messages;

        public int Count<T>() => _messages.OfType<T>().Count();

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            MessageIds[context.Message] = context.MessageId!.Value;
            _messages.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
