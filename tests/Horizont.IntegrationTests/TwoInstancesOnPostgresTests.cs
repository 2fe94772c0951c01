using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.IntegrationTests.Infrastructure;

namespace Horizont.IntegrationTests;

/// <summary>
/// Two Jugendamt and two provider processes, each pair on one PostgreSQL database, on the real broker: every referral
/// becomes one case, every answer arrives once, and the broker saw each outbox row published once (outbox claims).
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class TwoInstancesOnPostgresTests : IAsyncLifetime, IDisposable
{
    private const int Total = 200;
    private readonly TempDirectory _temp = new();
    private readonly List<string> _databases = [];

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev") : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await Postgres.DropDatabaseAsync(database);
    }

    public void Dispose() => _temp.Dispose();

    [BrokerFact]
    public async Task Every_referral_is_one_case_every_answer_arrives_once_and_no_outbox_row_is_published_twice()
    {
        Assert.Null(Postgres.UnavailableReason);
        var ledger = await Postgres.CreateDatabaseAsync("horizont_ledger2");
        var cases = await Postgres.CreateDatabaseAsync("horizont_cases2");
        _databases.AddRange([ledger, cases]);
        // The broker's figures lag by its statistics interval (5 s): a message an earlier test published just before may
        // not be counted yet, and would count as this test's. The baseline is taken once two readings 6 s apart agree.
        var before = await SettledAsync(async () => (Submits: await PublishedIntoAsync("horizont-ev"), Answers: await PublishedIntoAsync("ja-nordhausen")));

        var services = new List<ServiceProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                services.Add(await ServiceProcess.StartAsync("Horizont.Jugendamt", Settings($"ja-{i}", "Jugendamt", ledger)));
                var provider = Settings($"provider-{i}", "Provider", cases);
                provider["Provider:AgencyId"] = "horizont-ev";
                services.Add(await ServiceProcess.StartAsync("Horizont.Provider", provider));
            }

            var jugendamts = new[] { services[0], services[2] };
            var providers = new[] { services[1], services[3] };
            var ids = Enumerable.Range(0, Total).Select(_ => Guid.NewGuid()).ToList();
            await Parallel.ForEachAsync(ids.Select((id, n) => (id, n)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, cancellationToken) =>
            {
                using var response = await jugendamts[item.n % 2].Client.PostAsJsonAsync("/jugendamt/api/referrals",
                    Referrals.Body(item.id, "horizont-ev", $"JGH-TWO-{item.id:N}"), cancellationToken);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            });

            // Both provider instances accept, each a part of the cases, from the one shared case store.
            await Eventually.TrueAsync(async () => await CountAsync(providers[0], "/provider/api/cases") == Total, $"all {Total} cases at the provider", TimeSpan.FromMinutes(2));
            await Parallel.ForEachAsync(ids.Select((id, n) => (id, n)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, cancellationToken) =>
            {
                using var response = await providers[item.n % 2].Client.PostAsync($"/provider/api/cases/{item.id}/accept", null, cancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            });
            await Eventually.TrueAsync(async () => await CountAsync(jugendamts[1], "/jugendamt/api/referrals?status=Accepted") == Total,
                $"all {Total} acceptances in the ledger", TimeSpan.FromMinutes(2));

            var caseIds = (await providers[1].Client.GetFromJsonAsync<JsonElement>("/provider/api/cases")).EnumerateArray().Select(c => c.GetProperty("referralId").GetGuid());
            Assert.Equal(ids.Order(), caseIds.Order());
            foreach (var id in ids.Take(20))
            {
                var history = (await jugendamts[0].Client.GetFromJsonAsync<JsonElement>($"/jugendamt/api/referrals/{id}")).GetProperty("history").EnumerateArray();
                Assert.Single(history, h => h.GetProperty("kind").GetString() == "ReferralAccepted");
            }

            await Eventually.TrueAsync(async () => await CountUnsentAsync(ledger) == 0 && await CountUnsentAsync(cases) == 0, "both outboxes empty");
            // The broker's figures lag by its statistics interval (5 s): wait until they have caught up, then once more.
            await Eventually.TrueAsync(async () => await PublishedIntoAsync("ja-nordhausen") - before.Answers >= Total, "the broker's figures", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.Equal(Total, await PublishedIntoAsync("horizont-ev") - before.Submits);
            Assert.Equal(Total, await PublishedIntoAsync("ja-nordhausen") - before.Answers);
        }
        finally
        {
            foreach (var service in services)
                await service.DisposeAsync();
        }
    }

    [BrokerFact]
    public async Task One_instance_of_each_service_killed_mid_stream_loses_nothing_and_doubles_nothing()
    {
        Assert.Null(Postgres.UnavailableReason);
        var ledger = await Postgres.CreateDatabaseAsync("horizont_ledger_kill");
        var cases = await Postgres.CreateDatabaseAsync("horizont_cases_kill");
        _databases.AddRange([ledger, cases]);

        var services = new List<ServiceProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                // A killed instance's claimed outbox rows wait for their lease: short here, so the survivor takes them over within the test.
                services.Add(await ServiceProcess.StartAsync("Horizont.Jugendamt", Settings($"ja-kill-{i}", "Jugendamt", ledger, KillLease)));
                var provider = Settings($"provider-kill-{i}", "Provider", cases, KillLease);
                provider["Provider:AgencyId"] = "horizont-ev";
                services.Add(await ServiceProcess.StartAsync("Horizont.Provider", provider));
            }

            var (survivingJugendamt, doomedJugendamt, survivingProvider, doomedProvider) = (services[0], services[2], services[1], services[3]);
            var ids = Enumerable.Range(0, Total).Select(_ => Guid.NewGuid()).ToList();
            var answered = 0;
            var killed = new TaskCompletionSource();
            var killing = Task.Run(async () =>
            {
                await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref answered) >= Total / 3), "a third of the referrals answered", TimeSpan.FromMinutes(2));
                // Like a power cut: posts, outbox sends and consumes of both killed instances are in flight.
                await doomedJugendamt.KillAsync();
                await doomedProvider.KillAsync();
                killed.SetResult();
            });

            await Parallel.ForEachAsync(ids.Select((id, n) => (id, n)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, cancellationToken) =>
            {
                var body = Referrals.Body(item.id, "horizont-ev", $"JGH-KILL-{item.id:N}");
                var target = item.n % 2 == 0 || killed.Task.IsCompleted ? survivingJugendamt : doomedJugendamt;
                HttpResponseMessage response;
                try
                {
                    response = await target.Client.PostAsJsonAsync("/jugendamt/api/referrals", body, cancellationToken);
                }
                catch (HttpRequestException) when (target == doomedJugendamt)
                {
                    // Its process died with the post in flight, recorded or not: a client sends the same referral again elsewhere.
                    response = await survivingJugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", body, cancellationToken);
                }

                using (response)
                    Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"referral {item.id}: {(int)response.StatusCode}");
                Interlocked.Increment(ref answered);
            });
            await killing;

            await Eventually.TrueAsync(async () => await CountAsync(survivingProvider, "/provider/api/cases") >= Total, $"all {Total} cases at the surviving provider", TimeSpan.FromMinutes(3));
            var caseIds = (await survivingProvider.Client.GetFromJsonAsync<JsonElement>("/provider/api/cases")).EnumerateArray().Select(c => c.GetProperty("referralId").GetGuid()).ToList();
            Assert.Equal(ids.Order(), caseIds.Order());

            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, cancellationToken) =>
            {
                using var response = await survivingProvider.Client.PostAsync($"/provider/api/cases/{id}/accept", null, cancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            });
            await Eventually.TrueAsync(async () => await CountAsync(survivingJugendamt, "/jugendamt/api/referrals?status=Accepted") == Total,
                $"all {Total} acceptances in the ledger", TimeSpan.FromMinutes(3));
            foreach (var id in ids)
            {
                var history = (await survivingJugendamt.Client.GetFromJsonAsync<JsonElement>($"/jugendamt/api/referrals/{id}")).GetProperty("history").EnumerateArray().ToList();
                Assert.Single(history, h => h.GetProperty("kind").GetString() == "SubmitReferral");
                Assert.Single(history, h => h.GetProperty("kind").GetString() == "ReferralAccepted");
            }

            await Eventually.TrueAsync(async () => await CountUnsentAsync(ledger) == 0 && await CountUnsentAsync(cases) == 0, "both outboxes empty", TimeSpan.FromMinutes(2));
        }
        finally
        {
            foreach (var service in services)
                await service.DisposeAsync();
        }
    }

    private static readonly TimeSpan KillLease = TimeSpan.FromSeconds(20);

    private Dictionary<string, string?> Settings(string directory, string store, string connectionString, TimeSpan? claimLease = null)
    {
        var settings = Postgres.ServiceSettings(_temp.Sub(directory), store, connectionString);
        // What this test counts is that two instances never claim the same row. A send whose confirm outlasts the send
        // timeout, or a pass that outlasts the lease, is sent again by design (the receiver's inbox drops the copy); on
        // a loaded CI machine either happened once in a run, so both are generous here.
        settings["Messaging:OutboxSendTimeout"] = claimLease is null ? "00:01:00" : "00:00:05";
        settings["Messaging:OutboxClaimLease"] = (claimLease ?? TimeSpan.FromMinutes(5)).ToString();
        return settings;
    }

    private static async Task<int> CountAsync(ServiceProcess service, string path) =>
        (await service.Client.GetFromJsonAsync<JsonElement>(path)).GetArrayLength();

    private static Task<long> CountUnsentAsync(string connectionString) =>
        Postgres.ScalarAsync<long>(connectionString, "SELECT COUNT(*) FROM \"OutboxMessages\" WHERE \"SentAt\" IS NULL");

    /// <summary>A reading of the broker's figures once two readings 6 s apart agree.</summary>
    private static async Task<T> SettledAsync<T>(Func<Task<T>> read)
    {
        var last = await read();
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            var now = await read();
            if (EqualityComparer<T>.Default.Equals(now, last))
                return now;
            last = now;
        }

        throw new TimeoutException("The broker's publish figures did not settle within 30 s.");
    }

    /// <summary>Messages the test's broker user published for <paramref name="queue"/>: into its outbound exchange for it (ADR 0011), since it was declared, from the management API.</summary>
    private static async Task<long> PublishedIntoAsync(string queue)
    {
        var exchange = Uri.EscapeDataString(BrokerNames.Outbound(Broker.User, queue));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{Broker.Host}:15672/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Broker.User}:{Broker.Password}")));
        using var response = await client.GetAsync($"api/exchanges/{Uri.EscapeDataString(Broker.VirtualHost)}/{exchange}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return 0;
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish_in", out var published) ? published.GetInt64() : 0;
    }
}
