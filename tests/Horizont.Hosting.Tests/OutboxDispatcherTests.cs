using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Messages;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests;

/// <summary>
/// The outbox dispatcher, driven one pass at a time on a fake clock, over MassTransit's in-memory test harness whose
/// send pipe a test can hold back (<see cref="TransportGate"/>): a confirm that never comes, a slow broker, a channel
/// that a bus restart replaces.
/// </summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private const string Jugendamt = "ja-nordhausen";
    private const string Unserved = "brueckenbau-ev";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "horizont-outbox-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly TransportGate _gate = new();
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(_time);
        services.AddOptions<HorizontOptions>().Configure(o => o.DataDirectory = _directory);
        services.AddOptions<MessagingOptions>().Configure(o =>
        {
            // Generous: a loaded machine can take long for a send that does confirm. The timeout tests set their own.
            o.OutboxSendTimeout = TimeSpan.FromSeconds(30);
            o.OutboxBatchSize = 50;
            o.RestartBusAfterSendTimeouts = 2;
        });
        services.AddSingleton(new PartnerDirectory(
        [
            new Partner { Id = Jugendamt, Name = "JA", Kind = AgencyKind.Jugendamt },
            new Partner { Id = "horizont-ev", Name = "Horizont", Kind = AgencyKind.Provider },
            new Partner { Id = Unserved, Name = "Brückenbau", Kind = AgencyKind.Provider },
        ]));
        // This process serves the Jugendamt's queue only (as the provider's process would on the in-memory transport).
        IAgencyInbox[] served = [new AgencyInbox<TestDbContext> { AgencyId = Jugendamt, Queue = Jugendamt, Senders = AgencyKind.Provider, CounterpartsOf = (_, _, _) => Task.FromResult(new Dictionary<Guid, string>()) }];
        services.AddSingleton(sp => new AgencyEndpoints(sp.GetRequiredService<PartnerDirectory>(), TransportKind.InMemory, served));
        services.AddSingleton<BusRestarter>();
        services.AddFieldSealing(TransportKind.InMemory, createMissingKeys: false);
        services.AddHorizontStore<TestDbContext>("Test", "outbox-test.db");
        // The store's own background services would race the passes this test drives (the harness starts hosted services).
        foreach (var own in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace == typeof(OutboxMessage).Namespace).ToList())
            services.Remove(own);
        services.AddSingleton(_gate);
        services.AddMassTransitTestHarness(x => x.UsingInMemory((context, cfg) =>
        {
            cfg.ConfigureSend(send => send.UseFilter(_gate));
            cfg.ConnectBusObserver(_gate);
            cfg.ConfigureEndpoints(context);
        }));
        _services = services.BuildServiceProvider();

        await using (var scope = _services.CreateAsyncScope())
        {
            // The test context has no migrations of its own; the services' contexts do.
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        _gate.OpenAll();
        await _harness.Stop();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>For the tests of a send that never confirms: short, yet long enough for the sends that do confirm on a loaded machine.</summary>
    private void ShortSendTimeout() => _services.GetRequiredService<IOptions<MessagingOptions>>().Value.OutboxSendTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Committed_messages_leave_under_their_outbox_message_id_a_referral_in_the_order_written()
    {
        var referralId = Guid.NewGuid();
        var (first, second) = await EnqueueAsync(db => (
            db.EnqueueSend(Accepted(referralId), Jugendamt, referralId, _time.GetUtcNow()).MessageId,
            db.EnqueueSend(Declined(referralId), Jugendamt, referralId, _time.GetUtcNow()).MessageId));

        var firstPass = await PassAsync();
        var secondPass = await PassAsync();

        // One message of a referral per pass: the second is claimed only once the first is sent.
        Assert.True((firstPass.Sent, secondPass.Sent) == (1, 1), $"{firstPass} {secondPass} {string.Join(" | ", (await RowsAsync()).Select(r => r.LastError))}");
        Assert.Equal([first, second], _harness.Sent.Select(_ => true).Select(m => m.Context.MessageId));
        Assert.Equal("/" + Jugendamt, _harness.Sent.Select(_ => true).First().Context.DestinationAddress!.AbsolutePath);
        Assert.All(await RowsAsync(), r => Assert.Equal((_time.GetUtcNow(), (string?)null), (r.SentAt!.Value, r.ClaimedBy)));
    }

    [Fact]
    public async Task Personal_fields_leave_sealed_and_without_a_key_the_message_waits_in_the_outbox_saying_why()
    {
        var referralId = Guid.NewGuid();
        var declined = Declined(referralId) with { Note = "Zephyrine Quastenflosser war schon bei uns" };
        var messageId = await EnqueueAsync(db => db.EnqueueSend(declined, Jugendamt, referralId, _time.GetUtcNow()).MessageId);

        Assert.Equal(0, (await PassAsync()).Sent);
        var waiting = Assert.Single(await RowsAsync());
        Assert.Null(waiting.SentAt);
        Assert.Contains("No key for horizont-ev+ja-nordhausen", waiting.LastError, StringComparison.Ordinal);
        Assert.Empty(_harness.Sent.Select<ReferralDeclined>());

        _services.GetRequiredService<PartnerKeyRing>().Create("horizont-ev", Jugendamt, _time.GetUtcNow());
        _time.Advance(OutboxDispatcher<TestDbContext>.Backoff(1));
        Assert.Equal(1, (await PassAsync()).Sent);

        var sent = Assert.Single(_harness.Sent.Select<ReferralDeclined>()).Context;
        Assert.Equal(messageId, sent.MessageId);
        Assert.Null(sent.Message.Note);
        Assert.NotNull(sent.Message.Sealed);
        Assert.Equal(declined.Note, _services.GetRequiredService<FieldSealer>().Open(sent.Message).Note);
    }

    [Fact]
    public async Task Rows_are_stored_under_the_message_urn()
    {
        await EnqueueAsync(db => db.EnqueueSend(Accepted(Guid.NewGuid()), Jugendamt, null, _time.GetUtcNow()));

        var row = Assert.Single(await RowsAsync());
        Assert.Equal("urn:message:Horizont.Messages:ReferralAccepted", row.MessageType);
    }

    [Fact]
    public async Task Nothing_is_sent_for_a_unit_of_work_that_was_not_committed()
    {
        var referralId = Guid.NewGuid();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.EnqueueSend(Accepted(referralId), Jugendamt, referralId, _time.GetUtcNow());
            // no SaveChanges: the state change failed, so its message must not leave
        }

        await EnqueueAsync(db => db.EnqueueSend(Accepted(Guid.NewGuid()), Jugendamt, null, _time.GetUtcNow()));
        Assert.Equal(1, (await PassAsync()).Sent);
        Assert.DoesNotContain(_harness.Sent.Select(_ => true), m => m.Context.CorrelationId == referralId);
    }

    [Fact]
    public async Task A_batch_is_sent_with_its_confirms_awaited_together_and_marked_in_one_pass()
    {
        _gate.Delay = TimeSpan.FromMilliseconds(100);
        await EnqueueAsync(db => Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).Select(id => db.EnqueueSend(Accepted(id), Jugendamt, id, _time.GetUtcNow())).ToList());

        var pass = await PassAsync();

        Assert.Equal(20, pass.Sent);
        Assert.True(_gate.MostInFlight > 1, $"the sends waited one after another (at most {_gate.MostInFlight} in flight)");
        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
    }

    [Fact]
    public async Task A_send_whose_confirm_never_comes_times_out_backs_off_and_is_sent_again_with_the_same_id()
    {
        var stuck = Guid.NewGuid();
        var other = Guid.NewGuid();
        ShortSendTimeout();
        _gate.NeverConfirm(stuck);
        var stuckId = await EnqueueAsync(db => db.EnqueueSend(Accepted(stuck), Jugendamt, stuck, _time.GetUtcNow()).MessageId);
        await EnqueueAsync(db => db.EnqueueSend(Declined(stuck), Jugendamt, stuck, _time.GetUtcNow()));
        await EnqueueAsync(db => db.EnqueueSend(Accepted(other), Jugendamt, other, _time.GetUtcNow()));

        var hung = await PassAsync();

        // The pass came back (bounded), the other referral went out, the stuck one waits behind its back-off.
        Assert.Equal((1, 1, 1), (hung.Sent, hung.Failed, hung.TimedOut));
        var failed = (await RowsAsync()).Single(r => r.MessageId == stuckId);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("did not confirm", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + OutboxDispatcher<TestDbContext>.Backoff(1), failed.NextAttemptAt);
        Assert.Equal(0, (await PassAsync()).Sent); // still in back-off, and its referral's second message waits behind it

        _gate.OpenAll();
        _time.Advance(OutboxDispatcher<TestDbContext>.Backoff(1));
        Assert.Equal(1, (await PassAsync()).Sent);
        Assert.Equal(1, (await PassAsync()).Sent);
        Assert.All(await RowsAsync(), r => Assert.NotNull(r.SentAt));
        Assert.Contains(_harness.Sent.Select(_ => true), m => m.Context.MessageId == stuckId);
    }

    [Fact]
    public async Task Sends_that_keep_hanging_restart_the_bus_and_go_on_over_the_fresh_connection()
    {
        var referralId = Guid.NewGuid();
        ShortSendTimeout();
        _gate.BrokenUntilRestart = true;
        await EnqueueAsync(db => db.EnqueueSend(Accepted(referralId), Jugendamt, referralId, _time.GetUtcNow()));
        var dispatcher = Dispatcher();
        var restarter = _services.GetRequiredService<BusRestarter>();

        // Pass, timeout, back-off; pass, timeout: the second pass in a row with timeouts restarts the bus.
        Assert.Equal(1, (await dispatcher.RunPassAsync(CancellationToken.None)).TimedOut);
        Assert.Equal(0, restarter.Count);
        _time.Advance(OutboxDispatcher<TestDbContext>.Backoff(1));
        Assert.Equal(1, (await dispatcher.RunPassAsync(CancellationToken.None)).TimedOut);
        Assert.Equal(1, restarter.Count);
        Assert.False(_gate.BrokenUntilRestart);

        _time.Advance(OutboxDispatcher<TestDbContext>.Backoff(2));
        Assert.Equal(1, (await dispatcher.RunPassAsync(CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Messages_for_a_partner_nobody_serves_in_this_process_stay_in_the_outbox_and_show_as_held()
    {
        var held = Guid.NewGuid();
        var served = Guid.NewGuid();
        await EnqueueAsync(db => db.EnqueueSend(Accepted(held) with { ReceiverAgencyId = Unserved }, Unserved, held, _time.GetUtcNow()));
        await EnqueueAsync(db => db.EnqueueSend(Accepted(served), Jugendamt, served, _time.GetUtcNow()));

        Assert.Equal(1, (await PassAsync()).Sent);

        var row = (await RowsAsync()).Single(r => r.ReferralId == held);
        Assert.Equal((null, 0), (row.SentAt, row.Attempts));
        var backlog = await _services.GetRequiredService<IOutboxBacklog>().ReadAsync(CancellationToken.None);
        var destination = Assert.Single(backlog.Destinations);
        Assert.Equal((Unserved, 1), (destination.AgencyId, destination.Pending));
        Assert.False(_services.GetRequiredService<AgencyEndpoints>().CanDeliverTo(Unserved));
    }

    [Fact]
    public async Task Readiness_reports_an_outbox_whose_oldest_message_waits_longer_than_the_threshold()
    {
        await EnqueueAsync(db => db.EnqueueSend(Accepted(Guid.NewGuid()) with { ReceiverAgencyId = Unserved }, Unserved, null, _time.GetUtcNow()));
        var health = _services.GetRequiredService<HealthCheckService>();

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Status);
        _time.Advance(TimeSpan.FromMinutes(2));
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));

        Assert.Equal(HealthStatus.Degraded, report.Status);
        var entry = report.Entries["Test outbox"];
        Assert.Contains(Unserved, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_never_claim_the_same_row_and_only_a_referrals_oldest_row()
    {
        var referrals = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        await EnqueueAsync(db => referrals.SelectMany(id => new[]
        {
            db.EnqueueSend(Accepted(id), Jugendamt, id, _time.GetUtcNow()),
            db.EnqueueSend(Declined(id), Jugendamt, id, _time.GetUtcNow()),
        }).ToList());

        var now = _time.GetUtcNow();
        var claims = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            return await OutboxClaims.ClaimAsync(db, $"instance-{i}", now, TimeSpan.FromMinutes(1), 50, [], CancellationToken.None);
        }));

        var rows = await RowsAsync();
        Assert.Equal(30, claims.Sum());
        Assert.Equal(30, rows.Count(r => r.ClaimedBy is not null));
        // Claimed rows are every referral's first message, never its second.
        Assert.All(rows.GroupBy(r => r.ReferralId), g => Assert.Equal([g.Min(r => r.Sequence)], g.Where(r => r.ClaimedBy is not null).Select(r => r.Sequence)));

        // A claim held by a dead instance is taken over once its lease ends, not before.
        await using var late = _services.CreateAsyncScope();
        var lateDb = late.ServiceProvider.GetRequiredService<TestDbContext>();
        Assert.Equal(0, await OutboxClaims.ClaimAsync(lateDb, "instance-2", now.AddSeconds(59), TimeSpan.FromMinutes(1), 50, [], CancellationToken.None));
        Assert.Equal(30, await OutboxClaims.ClaimAsync(lateDb, "instance-2", now.AddSeconds(61), TimeSpan.FromMinutes(1), 50, [], CancellationToken.None));
    }

    [Fact]
    public async Task Retention_deletes_sent_rows_and_inbox_rows_after_their_time_and_never_an_unsent_row()
    {
        var start = _time.GetUtcNow();
        await EnqueueAsync(db =>
        {
            for (var i = 0; i < OutboxRetention<TestDbContext>.BatchSize + 5; i++)
                db.EnqueueSend(Accepted(Guid.NewGuid()), Jugendamt, null, start).SentAt = start;
            db.EnqueueSend(Accepted(Guid.NewGuid()), Jugendamt, null, start); // never sent: kept however old
            db.EnqueueSend(Accepted(Guid.NewGuid()), Jugendamt, null, start).SentAt = start.AddDays(2);
            db.Set<InboxMessage>().Add(new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "C", ReceivedAt = start });
            db.Set<InboxMessage>().Add(new InboxMessage { MessageId = Guid.NewGuid(), Consumer = "C", ReceivedAt = start.AddDays(2) });
            return 0;
        });
        var retention = ActivatorUtilities.CreateInstance<OutboxRetention<TestDbContext>>(_services);

        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        var pruned = await retention.PruneAsync(CancellationToken.None);

        Assert.Equal((OutboxRetention<TestDbContext>.BatchSize + 5, 1), pruned);
        var left = await RowsAsync();
        Assert.Equal(2, left.Count);
        Assert.Single(left, r => r.SentAt is null);
        await using var scope = _services.CreateAsyncScope();
        Assert.Equal(start.AddDays(2), (await scope.ServiceProvider.GetRequiredService<TestDbContext>().Set<InboxMessage>().SingleAsync()).ReceivedAt);
    }

    private OutboxDispatcher<TestDbContext> Dispatcher() => ActivatorUtilities.CreateInstance<OutboxDispatcher<TestDbContext>>(_services);

    private Task<OutboxDispatcher<TestDbContext>.PassResult> PassAsync() => Dispatcher().RunPassAsync(CancellationToken.None);

    private async Task<T> EnqueueAsync<T>(Func<TestDbContext, T> write)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var result = write(db);
        await db.SaveChangesAsync();
        return result;
    }

    private async Task<List<OutboxMessage>> RowsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TestDbContext>().Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync();
    }

    private static ReferralAccepted Accepted(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = Jugendamt,
        AcceptedAt = DateTimeOffset.UtcNow,
    };

    private static ReferralDeclined Declined(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = Jugendamt,
        ReasonCode = DeclineReasonCodes.NoCapacity,
        DeclinedAt = DateTimeOffset.UtcNow,
    };
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
