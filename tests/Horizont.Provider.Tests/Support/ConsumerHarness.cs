using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Partners;
using Horizont.Provider.Consumers;
using Horizont.Provider.Data;
using Horizont.Provider.Options;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests.Support;

/// <summary>
/// The provider's consumers on MassTransit's test harness (in-memory), with SQLite in a temporary
/// directory, a fake clock, captured logs and counted consume attempts; retries as Horizont.Hosting
/// configures every agency endpoint.
/// </summary>
internal sealed class ConsumerHarness : IAsyncDisposable
{
    public const int ImmediateRetries = 5;

    private readonly TempDirectory _directory = new();

    private ConsumerHarness(DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
    }

    public CapturedLogs Logs { get; } = new();

    public ConsumeAttempts Attempts { get; } = new();

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; private set; } = null!;

    public ITestHarness Harness { get; private set; } = null!;

    public static async Task<ConsumerHarness> StartAsync(DateTimeOffset now)
    {
        var host = new ConsumerHarness(now);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(host.Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddDbContext<CaseDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(host._directory.Path, "provider.db")}"));
        services.AddSingleton(new PartnerDirectory(Referrals.Partners));
        services.AddSingleton<TimeProvider>(host.Time);
        services.AddOptions<ProviderOptions>();
        services.AddOptions<MessagingOptions>().Configure(o => o.ImmediateRetries = ImmediateRetries);
        services.AddSingleton(host.Attempts);
        // Sealing as every agency has it, with a key of the Jugendamt and this provider in the temporary directory.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.Configure<HorizontOptions>(o => o.DataDirectory = host._directory.Path);
        services.AddFieldSealing(TransportKind.InMemory, createMissingKeys: false);
        // The provider's own receive pipeline (message id, addressing, inbox) on its own queue, as ProviderRegistration sets it up.
        var inbox = new AgencyInbox<CaseDbContext>
        {
            AgencyId = Referrals.Provider,
            Queue = Referrals.Provider,
            Senders = AgencyKind.Jugendamt,
            CounterpartsOf = CaseDbContext.JugendamtsOfAsync,
            AnswerRefusals = true,
        };
        services.AddAgencyInbox(inbox);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddConsumer<SubmitReferralConsumer>().Endpoint(e => e.Name = inbox.Queue);
            x.AddConsumer<AmendReferralConsumer>().Endpoint(e => e.Name = inbox.Queue);
            x.AddConsumer<WithdrawReferralConsumer>().Endpoint(e => e.Name = inbox.Queue);
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                HorizontBus.ConfigureDeliveryAndRetries(context, endpoint);
                // After the retry filter, so inside it: sees every attempt, not just every delivery; before the receive pipeline,
                // so it sees the attempts the pipeline refuses too.
                endpoint.UseConsumeFilter(typeof(ConsumeAttempts.Filter<>), context);
                HorizontBus.AddReceivePipeline(context, name, endpoint);
            });
        });
        host.Services = services.BuildServiceProvider(validateScopes: true);

        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CaseDbContext>().Database.MigrateAsync();

        host.Services.GetRequiredService<PartnerKeyRing>().Create(Referrals.Jugendamt, Referrals.Provider, now);
        host.Harness = host.Services.GetRequiredService<ITestHarness>();
        await host.Harness.Start();
        return host;
    }

    /// <summary>Sends a message to the provider's queue (where <typeparamref name="TConsumer"/> listens) under the given message id.</summary>
    public async Task SendAsync<TConsumer, TMessage>(TMessage message, Guid messageId)
        where TConsumer : class, IConsumer<TMessage>
        where TMessage : class
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{Referrals.Provider}"));
        await endpoint.Send(Services.SealedForWire(message), context => context.MessageId = messageId);
    }

    /// <summary>Sends a message exactly as given (no sealing: a partner that seals wrongly or not at all).</summary>
    public async Task SendAsIsAsync<TMessage>(TMessage message, Guid messageId)
        where TMessage : class
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{Referrals.Provider}"));
        await endpoint.Send(message, context => context.MessageId = messageId);
    }

    /// <summary>Sends a message and waits until the consumer has handled it (after any retries).</summary>
    public async Task SendAndWaitAsync<TConsumer, TMessage>(TMessage message, Guid messageId)
        where TConsumer : class, IConsumer<TMessage>
        where TMessage : class
    {
        await SendAsync<TConsumer, TMessage>(message, messageId);
        await WaitUntilConsumedAsync<TConsumer, TMessage>(messageId);
    }

    public Task WaitUntilConsumedAsync<TConsumer, TMessage>(Guid messageId)
        where TConsumer : class, IConsumer<TMessage>
        where TMessage : class
    {
        var consumer = Harness.GetConsumerHarness<TConsumer>();
        return Eventually.UntilAsync(() => consumer.Consumed.Select<TMessage>(m => m.Context.MessageId == messageId).Any(),
            $"message {messageId} to be consumed by {typeof(TConsumer).Name}");
    }

    /// <summary>The fault MassTransit published for the first message of type <typeparamref name="TMessage"/> that matches.</summary>
    public async Task<Fault<TMessage>> FaultOfAsync<TMessage>(Func<TMessage, bool> match)
        where TMessage : class
    {
        var published = await Eventually.GetAsync(
            () => Task.FromResult(Harness.Published.Select<Fault<TMessage>>(m => match(m.Context.Message.Message)).FirstOrDefault()),
            $"a fault of {typeof(TMessage).Name}");
        return published.Context.Message;
    }

    /// <summary>Stores a case (walked to its state by <see cref="Cases"/>).</summary>
    public async Task SeedAsync(Case @case)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
    }

    /// <summary>Runs a query against a fresh context of the case store.</summary>
    public async Task<T> QueryAsync<T>(Func<CaseDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CaseDbContext>());
    }

    /// <summary>The stored case with its history and hours entries.</summary>
    public Task<Case> CaseAsync(Guid referralId) =>
        QueryAsync(db => db.Cases.AsNoTracking().Include(c => c.History).Include(c => c.HourEntries).AsSplitQuery()
            .SingleAsync(c => c.ReferralId == referralId));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Logs.Dispose();
        _directory.Dispose();
    }
}
