using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Horizont.IntegrationTests;

/// <summary>
/// Issue 11's measurement as a test: a stream of referrals posted to the Jugendamt while the broker is stopped and
/// started and while each service is killed with SIGKILL and started again, each service a real process on RabbitMQ.
/// Every referral ends as exactly one case, every acceptance once in the ledger, and both outboxes drain without any
/// further restart.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class FaultsInFlightTests : IAsyncLifetime, IDisposable
{
    private const int Total = 300;
    private readonly TempDirectory _temp = new();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev") : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [BrokerFaultFact]
    public async Task Referrals_in_flight_survive_a_broker_restart_and_a_kill_of_each_service()
    {
        var jugendamtSettings = Broker.TransportSettings();
        jugendamtSettings["Horizont:DataDirectory"] = _temp.Sub("ja");
        var providerSettings = Broker.TransportSettings();
        providerSettings["Horizont:DataDirectory"] = _temp.Sub("provider");
        providerSettings["Provider:AgencyId"] = "horizont-ev";
        var jugendamt = new Live(await ServiceProcess.StartAsync("Horizont.Jugendamt", jugendamtSettings));
        var provider = new Live(await ServiceProcess.StartAsync("Horizont.Provider", providerSettings));
        try
        {
            using var stop = new CancellationTokenSource();
            var accepter = AcceptEverythingAsync(provider, stop.Token);
            var ids = Enumerable.Range(0, Total).Select(_ => Guid.NewGuid()).ToList();
            var posted = 0;
            var stream = Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
            {
                await PostUntilAcceptedAsync(jugendamt, id);
                Interlocked.Increment(ref posted);
            });

            // The faults, each while referrals are still being posted and sent.
            await WhenAsync(() => posted >= Total / 5);
            await RabbitMqCtl.RunAsync("stop_app");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await RabbitMqCtl.RunAsync("start_app");
            await RabbitMqCtl.RunAsync("await_startup");

            await WhenAsync(() => posted >= Total * 2 / 5);
            await provider.ReplaceAsync(() => ServiceProcess.StartAsync("Horizont.Provider", providerSettings));

            await WhenAsync(() => posted >= Total * 3 / 5);
            await jugendamt.ReplaceAsync(() => ServiceProcess.StartAsync("Horizont.Jugendamt", jugendamtSettings));

            await stream;
            var ledger = Path.Combine(_temp.Sub("ja"), "jugendamt-ja-nordhausen.db");
            var cases = Path.Combine(_temp.Sub("provider"), "provider-horizont-ev.db");
            await Eventually.TrueAsync(async () => await CountAsync(jugendamt, "/jugendamt/api/referrals?status=Accepted") == Total,
                $"all {Total} referrals accepted in the ledger (ledger outbox unsent {CountUnsent(ledger)}, provider outbox unsent {CountUnsent(cases)})",
                TimeSpan.FromMinutes(3));
            await stop.CancelAsync();
            await accepter;

            Assert.Equal(Total, await CountAsync(jugendamt, "/jugendamt/api/referrals"));
            var caseIds = (await GetAsync(provider, "/provider/api/cases")).EnumerateArray().Select(c => c.GetProperty("referralId").GetGuid()).ToList();
            Assert.Equal(ids.Order(), caseIds.Order());
            Assert.Equal(Total, await CountAsync(provider, "/provider/api/cases?state=Accepted"));
            await Eventually.TrueAsync(() => Task.FromResult(CountUnsent(ledger) == 0 && CountUnsent(cases) == 0), "both outboxes empty without a restart");
        }
        finally
        {
            await jugendamt.DisposeAsync();
            await provider.DisposeAsync();
        }
    }

    private static async Task PostUntilAcceptedAsync(Live jugendamt, Guid id)
    {
        // A post whose answer was lost with a killed process is posted again with the same id: the ledger takes a
        // repeated referral with the same content as already handed over.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await jugendamt.Current.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", $"JGH-FAULT-{id:N}"));
                if (response.IsSuccessStatusCode)
                    return;
                Assert.True((int)response.StatusCode >= 500 && attempt < 60, $"referral {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException or ObjectDisposedException) && attempt < 60)
            {
            }

            await Task.Delay(500);
        }
    }

    private static async Task AcceptEverythingAsync(Live provider, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var item in (await GetAsync(provider, "/provider/api/cases?state=Submitted")).EnumerateArray())
                {
                    using var response = await provider.Current.Client.PostAsync($"/provider/api/cases/{item.GetProperty("referralId").GetGuid()}/accept", null, CancellationToken.None);
                    Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict || (int)response.StatusCode >= 500,
                        $"accept answered {response.StatusCode}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ObjectDisposedException)
            {
                // the provider is being killed and restarted
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static Task WhenAsync(Func<bool> condition) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), "the stream to reach the next fault", TimeSpan.FromMinutes(2));

    private static async Task<JsonElement> GetAsync(Live service, string path) =>
        await service.Current.Client.GetFromJsonAsync<JsonElement>(path);

    private static async Task<int> CountAsync(Live service, string path) => (await GetAsync(service, path)).GetArrayLength();

    private static int CountUnsent(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE SentAt IS NULL";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The running process of a service, replaced by a fresh one after a SIGKILL.</summary>
    private sealed class Live(ServiceProcess first) : IAsyncDisposable
    {
        private volatile ServiceProcess _current = first;

        public ServiceProcess Current => _current;

        public async Task ReplaceAsync(Func<Task<ServiceProcess>> start)
        {
            var killed = _current;
            await killed.KillAsync();
            _current = await start();
            await killed.DisposeAsync();
        }

        public ValueTask DisposeAsync() => _current.DisposeAsync();
    }
}
