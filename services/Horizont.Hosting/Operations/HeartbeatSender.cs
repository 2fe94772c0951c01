using System.Reflection;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Messages.Operations;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Operations;

public static class HeartbeatRegistration
{
    /// <summary>
    /// Reports <paramref name="service"/> to operations every <c>Operations__HeartbeatInterval</c>, with the backlog of
    /// the outbox of <paramref name="outboxStore"/> (the store's <see cref="IOutboxBacklog.Store"/> name) when it has one.
    /// </summary>
    public static IServiceCollection AddServiceHeartbeat(this IServiceCollection services, string service, string? outboxStore = null)
    {
        services.AddOptions<HeartbeatOptions>().BindConfiguration(HeartbeatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new HeartbeatSource(service, outboxStore));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HeartbeatSender>());
        return services;
    }
}

/// <summary>One service of this process that reports a heartbeat.</summary>
public sealed record HeartbeatSource(string Service, string? OutboxStore);

/// <summary>
/// Sends a <see cref="ServiceHeartbeat"/> for each service of the process once the host has started and then every
/// interval. A beat that cannot be sent is logged and the next one tried: operations sees the gap, which is the point.
/// </summary>
internal sealed class HeartbeatSender(
    IBus bus,
    AgencyEndpoints endpoints,
    PartnerDirectory partners,
    IOptions<MessagingOptions> messaging,
    IEnumerable<HeartbeatSource> sources,
    IEnumerable<IOutboxBacklog> backlogs,
    IOptions<HeartbeatOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<HeartbeatSender> logger) : BackgroundService
{
    private static readonly string s_version = VersionOf(Assembly.GetEntryAssembly() ?? typeof(HeartbeatSender).Assembly);

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    private volatile bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HeartbeatInterval;
        if (interval <= TimeSpan.Zero)
            return;

        // The bus starts after the services' own hosted services: beat once everything is up.
        using (var startedOrStopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
            await Task.Delay(Timeout.InfiniteTimeSpan, startedOrStopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stoppingToken.IsCancellationRequested)
            return;

        // A planned stop says so while the bus still runs (the bus stops before this service's StopAsync).
        // The regular beats end first, so that none follows the farewell.
        using var farewell = lifetime.ApplicationStopping.Register(() =>
        {
            _stopping = true;
            BeatAsync(interval, stopping: true, CancellationToken.None).Wait(TimeSpan.FromSeconds(2));
        });
        // Wall-clock pacing even when the host runs on a test's fake clock (which would fire it once per interval
        // of every jump); the beat's times still come from the host's clock.
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        try
        {
            do
            {
                await BeatAsync(interval, stopping: false, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BeatAsync(TimeSpan interval, bool stopping, CancellationToken cancellationToken)
    {
        if (_stopping && !stopping)
            return;
        try
        {
            var endpoint = await bus.GetSendEndpoint(endpoints.QueueAddress(options.Value.Queue));
            foreach (var source in sources)
            {
                var backlog = stopping ? null : await ReadBacklogAsync(source, cancellationToken);
                var heartbeat = new ServiceHeartbeat
                {
                    Service = source.Service,
                    Instance = options.Value.Instance,
                    Version = s_version,
                    StartedAt = _startedAt,
                    SentAt = time.GetUtcNow(),
                    Interval = interval,
                    OutboxPending = backlog?.Pending,
                    OutboxOldestAt = backlog?.OldestCreatedAt,
                    OutboxDestinations = backlog is null ? [] : [.. backlog.Destinations.Select(Destination)],
                    Stopping = stopping,
                };
                // A heartbeat older than three intervals tells nothing: the broker drops it. Bounded like the outbox's
                // sends: a confirm that never comes must not stop the beats.
                var timeout = messaging.Value.OutboxSendTimeout;
                await endpoint.Send(heartbeat, context => context.TimeToLive = interval * 3, cancellationToken).WaitAsync(timeout, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Heartbeat to {Queue} not sent ({Error}: {Message})", options.Value.Queue, ex.GetType().Name, ex.Message);
        }
    }

    private OutboxDestination Destination(OutboxDestinationBacklog waiting) => new()
    {
        AgencyId = waiting.AgencyId,
        Queue = partners.Find(waiting.AgencyId)?.QueueName ?? waiting.AgencyId,
        Pending = waiting.Pending,
        OldestAt = waiting.OldestCreatedAt,
        Held = !endpoints.CanDeliverTo(waiting.AgencyId),
    };

    private async Task<OutboxBacklogSnapshot?> ReadBacklogAsync(HeartbeatSource source, CancellationToken cancellationToken)
    {
        if (source.OutboxStore is null)
            return null;
        var backlog = backlogs.FirstOrDefault(b => b.Store == source.OutboxStore);
        if (backlog is null)
            return null;
        try
        {
            return await backlog.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The beat still goes out: the service is alive even when its database is not answering.
            logger.LogWarning("Outbox of {Store} not readable for the heartbeat ({Error})", source.OutboxStore, ex.GetType().Name);
            return null;
        }
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        return version.Length <= 64 ? version : version[..64];
    }
}
