using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Messages;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Horizont.Hosting.Tests;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "horizont-outbox-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<HorizontOptions>().Configure(o => o.DataDirectory = _directory);
        services.AddOptions<MessagingOptions>().Configure(o => o.OutboxPollInterval = TimeSpan.FromMilliseconds(100));
        services.AddSingleton(new PartnerDirectory(
        [
            new Partner { Id = "ja-nordhausen", Name = "JA", Kind = AgencyKind.Jugendamt },
            new Partner { Id = "horizont-ev", Name = "Horizont", Kind = AgencyKind.Provider },
        ]));
        services.AddSingleton(sp => new AgencyEndpoints(sp.GetRequiredService<PartnerDirectory>(), TransportKind.InMemory));
        services.AddHorizontStore<TestDbContext>("Test", "outbox-test.db");
        services.AddMassTransitTestHarness();
        _services = services.BuildServiceProvider();

        await using (var scope = _services.CreateAsyncScope())
        {
            // The test context has no migrations of its own; the services' contexts do.
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
        foreach (var hosted in _services.GetServices<IHostedService>().OfType<BackgroundService>())
            await hosted.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>().OfType<BackgroundService>())
            await hosted.StopAsync(CancellationToken.None);
        await _harness.Stop();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Committed_messages_are_sent_in_order_with_their_outbox_message_id()
    {
        var referralId = Guid.NewGuid();
        Guid first, second;
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            first = db.EnqueueSend(Accepted(referralId), "ja-nordhausen", referralId, DateTimeOffset.UtcNow).MessageId;
            second = db.EnqueueSend(Declined(referralId), "ja-nordhausen", referralId, DateTimeOffset.UtcNow).MessageId;
            await db.SaveChangesAsync();
        }

        await WaitUntilAsync(async db => await db.Set<OutboxMessage>().CountAsync(m => m.SentAt != null) == 2);

        var sent = _harness.Sent.Select(_ => true).Select(m => m.Context.MessageId).ToList();
        Assert.Equal([first, second], sent);
        Assert.Equal("/ja-nordhausen", _harness.Sent.Select(_ => true).First().Context.DestinationAddress!.AbsolutePath);
    }

    [Fact]
    public async Task Nothing_is_sent_for_a_unit_of_work_that_was_not_committed()
    {
        var referralId = Guid.NewGuid();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.EnqueueSend(Accepted(referralId), "ja-nordhausen", referralId, DateTimeOffset.UtcNow);
            // no SaveChanges: the state change failed, so its message must not leave
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.EnqueueSend(Accepted(Guid.NewGuid()), "ja-nordhausen", null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await WaitUntilAsync(async db => await db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null));
        Assert.DoesNotContain(_harness.Sent.Select(_ => true), m => m.Context.CorrelationId == referralId);
    }

    [Fact]
    public async Task A_failed_send_holds_back_that_referrals_later_messages_but_not_other_referrals()
    {
        var stuck = Guid.NewGuid();
        var other = Guid.NewGuid();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.EnqueueSend(Accepted(stuck), "unknown-agency", stuck, DateTimeOffset.UtcNow);
            db.EnqueueSend(Declined(stuck), "ja-nordhausen", stuck, DateTimeOffset.UtcNow);
            db.EnqueueSend(Accepted(other), "ja-nordhausen", other, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await WaitUntilAsync(async db => await db.Set<OutboxMessage>().AnyAsync(m => m.ReferralId == other && m.SentAt != null)
            && await db.Set<OutboxMessage>().AnyAsync(m => m.ReferralId == stuck && m.Attempts > 0));

        await using var check = _services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<TestDbContext>().Set<OutboxMessage>()
            .Where(m => m.ReferralId == stuck).OrderBy(m => m.Sequence).ToListAsync();
        Assert.All(rows, r => Assert.Null(r.SentAt));
        Assert.Contains("unknown-agency", rows[0].LastError, StringComparison.Ordinal);
        Assert.Equal(0, rows[1].Attempts);
    }

    private async Task WaitUntilAsync(Func<TestDbContext, Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var scope = _services.CreateAsyncScope();
            if (await condition(scope.ServiceProvider.GetRequiredService<TestDbContext>()))
                return;
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not reach the expected state within 15 s");
            await Task.Delay(50);
        }
    }

    private static ReferralAccepted Accepted(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        AcceptedAt = DateTimeOffset.UtcNow,
    };

    private static ReferralDeclined Declined(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        ReasonCode = DeclineReasonCodes.NoCapacity,
        DeclinedAt = DateTimeOffset.UtcNow,
    };
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
