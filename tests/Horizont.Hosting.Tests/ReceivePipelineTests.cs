using System.Data.Common;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Messages;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Tests;

/// <summary>
/// The receive pipeline in front of a consumer that knows nothing of inboxes or addressing: it only writes its effect.
/// Whatever keeps duplicates and strangers out must therefore be the pipeline's doing.
/// </summary>
public sealed class ReceivePipelineTests : IAsyncLifetime
{
    private const string Self = "ja-nordhausen";
    private const string Provider = "horizont-ev";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "horizont-pipeline-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ReferralReadGate _referralReads = new();
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<EffectDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_directory, "pipeline.db")}").AddInterceptors(_referralReads));
        services.AddSingleton(new PartnerDirectory(
        [
            new Partner { Id = Self, Name = "JA", Kind = AgencyKind.Jugendamt },
            new Partner { Id = Provider, Name = "Horizont", Kind = AgencyKind.Provider },
            new Partner { Id = "brueckenbau-ev", Name = "Brückenbau", Kind = AgencyKind.Provider },
        ]));
        services.AddOptions<MessagingOptions>().Configure(o => o.ImmediateRetries = 2);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.Configure<HorizontOptions>(o => o.DataDirectory = _directory);
        services.AddFieldSealing(TransportKind.InMemory, createMissingKeys: false);
        var inbox = new AgencyInbox<EffectDbContext>
        {
            AgencyId = Self,
            Queue = Self,
            Senders = AgencyKind.Provider,
            CounterpartsOf = (db, referralIds, ct) => db.Referrals.Where(r => referralIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.ProviderId, ct),
        };
        services.AddAgencyInbox(inbox);
        // The harness answers "nothing" after this long without bus activity: the default 1.2 s is too short on a loaded machine.
        services.Configure<TestHarnessOptions>(o => o.TestInactivityTimeout = TimeSpan.FromSeconds(5));
        services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<BareConsumer>().Endpoint(e => e.Name = Self);
            x.AddConfigureEndpointsCallback(HorizontBus.ConfigureAgencyEndpoint);
        });
        _services = services.BuildServiceProvider(validateScopes: true);
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EffectDbContext>();
            await db.Database.EnsureCreatedAsync();
        }

        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_consumer_without_inbox_code_still_changes_nothing_on_a_duplicate()
    {
        var message = Accepted(Guid.NewGuid());
        var messageId = NewId.NextGuid();

        await SendAsync(message, messageId);
        await SendAsync(message, messageId);
        await SendAsync(message, NewId.NextGuid()); // a control: a new message id is a new message

        await WaitUntilAsync(db => db.Effects.CountAsync(), 2);
        Assert.True(await _harness.Consumed.Any<ReferralAccepted>(m => m.Context.MessageId == messageId));
        await WaitUntilAsync(db => db.Set<InboxMessage>().CountAsync(), 2);
        Assert.Equal(2, await QueryAsync(db => db.Effects.CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.Effects.CountAsync(e => e.MessageId == messageId)));
    }

    [Fact]
    public async Task The_inbox_row_commits_with_the_consumers_effect_or_not_at_all()
    {
        var messageId = NewId.NextGuid();

        await SendAsync(Accepted(BareConsumer.FailingReferral), messageId);

        await _harness.Published.Any<Fault<ReferralAccepted>>(f => f.Context.Message.FaultedMessageId == messageId);
        Assert.Equal(0, await QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Effects.CountAsync()));
    }

    [Theory]
    [InlineData("receiver", "receiverAgencyId")]
    [InlineData("sender", "senderAgencyId")]
    [InlineData("counterpart", "not the agency on the other side")]
    [InlineData("messageId", "no message id")]
    public async Task A_message_that_is_not_for_here_never_reaches_the_consumer(string breach, string reason)
    {
        var referralId = Guid.NewGuid();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EffectDbContext>();
            db.Referrals.Add(new KnownReferral { Id = referralId, ProviderId = Provider });
            await db.SaveChangesAsync();
        }

        var message = breach switch
        {
            "receiver" => Accepted(referralId) with { ReceiverAgencyId = "ja-kyffhaeuser" },
            "sender" => Accepted(referralId) with { SenderAgencyId = "nobody-we-know" },
            "counterpart" => Accepted(referralId) with { SenderAgencyId = "brueckenbau-ev" },
            _ => Accepted(referralId),
        };
        var endpoint = await _harness.Bus.GetSendEndpoint(new Uri($"queue:{Self}"));
        await endpoint.Send(message, context => context.MessageId = breach == "messageId" ? null : NewId.NextGuid());

        var fault = await FaultAsync(referralId);
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(InvalidMessageException).FullName, exception.ExceptionType);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(await _harness.Consumed.Any<ReferralAccepted>(m => m.Context.Message.ReferralId == referralId && m.Exception is null));
        Assert.Equal(0, await QueryAsync(db => db.Effects.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Messages_consumed_while_the_store_answers_another_ask_together_in_one_query()
    {
        var referralIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EffectDbContext>();
            db.Referrals.AddRange(referralIds.Select(id => new KnownReferral { Id = id, ProviderId = Provider }));
            await db.SaveChangesAsync();
        }

        var firstRead = _referralReads.HoldNext();
        await SendAsync(Accepted(referralIds[0]), NewId.NextGuid());
        await firstRead.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var referralId in referralIds.Skip(1))
            await SendAsync(Accepted(referralId), NewId.NextGuid());

        // While the first message's read is held, the other four ask the same question. Read one by one, each would be a
        // query of its own now; shared, they wait and go together once the store has answered the first.
        var reads = _services.GetRequiredService<InboxReads<EffectDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (reads.Waiting < referralIds.Count - 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{reads.Waiting} questions wait for the held read, and {_referralReads.Count} referral reads reached the store");
            await Task.Delay(10);
        }

        Assert.Equal(1, _referralReads.Count);
        firstRead.Release();

        await WaitUntilAsync(db => db.Effects.CountAsync(), referralIds.Count);
        Assert.Equal(2, _referralReads.Count);
    }

    private async Task<Fault<ReferralAccepted>> FaultAsync(Guid referralId)
    {
        Assert.True(await _harness.Published.Any<Fault<ReferralAccepted>>(f => f.Context.Message.Message.ReferralId == referralId), "no fault was published");
        return _harness.Published.Select<Fault<ReferralAccepted>>(f => f.Context.Message.Message.ReferralId == referralId).First().Context.Message;
    }

    private async Task SendAsync(ReferralAccepted message, Guid messageId)
    {
        var endpoint = await _harness.Bus.GetSendEndpoint(new Uri($"queue:{Self}"));
        await endpoint.Send(message, context => context.MessageId = messageId);
    }

    private async Task<T> QueryAsync<T>(Func<EffectDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EffectDbContext>());
    }

    private async Task WaitUntilAsync(Func<EffectDbContext, Task<int>> count, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await QueryAsync(count) < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected {expected} rows within 15 s");
            await Task.Delay(50);
        }
    }

    private static ReferralAccepted Accepted(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = Provider,
        ReceiverAgencyId = Self,
        AcceptedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A consumer as a domain step should read: it writes its effect and saves; no inbox, no addressing.</summary>
    public sealed class BareConsumer(EffectDbContext db) : IConsumer<ReferralAccepted>
    {
        public static readonly Guid FailingReferral = new("00000000-0000-0000-0000-00000000fa11");

        public async Task Consume(ConsumeContext<ReferralAccepted> context)
        {
            db.Effects.Add(new Effect { MessageId = context.MessageId!.Value, ReferralId = context.Message.ReferralId });
            if (context.Message.ReferralId == FailingReferral)
                throw new InvalidOperationException("the step failed after writing its effect");
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }

    public sealed class EffectDbContext(DbContextOptions<EffectDbContext> options) : DbContext(options)
    {
        public DbSet<Effect> Effects => Set<Effect>();

        public DbSet<KnownReferral> Referrals => Set<KnownReferral>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.AddOutboxAndInbox();
            modelBuilder.Entity<Effect>().HasKey(e => e.Id);
            modelBuilder.Entity<KnownReferral>().HasKey(r => r.Id);
        }
    }

    public sealed class Effect
    {
        public int Id { get; set; }
        public Guid MessageId { get; set; }
        public Guid ReferralId { get; set; }
    }

    public sealed class KnownReferral
    {
        public Guid Id { get; set; }
        public required string ProviderId { get; set; }
    }

    /// <summary>Counts the reads of the referral table that reach the store, and holds the next one when asked to.</summary>
    private sealed class ReferralReadGate : DbCommandInterceptor
    {
        private HeldStep? _next;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public HeldStep HoldNext() => _next = new HeldStep();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Referrals\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
                if (Interlocked.Exchange(ref _next, null) is { } held)
                    await held.WaitAsync();
            }

            return result;
        }
    }
}
