using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Partners;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// One bus per process. Each service adds its consumers with <see cref="AddHorizontConsumers"/>
/// (each consumer's endpoint named after the agency's queue); the host then builds the bus once
/// with <see cref="AddHorizontBus"/>, so the all-in-one host runs both agencies' endpoints on one
/// in-memory bus and a separate process runs its own endpoint on RabbitMQ, from the same code.
/// </summary>
public static class HorizontBus
{
    /// <summary>Registers consumers for the process's bus; call from a service's <c>Add…</c> extension.</summary>
    public static IServiceCollection AddHorizontConsumers(this IServiceCollection services, Action<IBusRegistrationConfigurator> configure) =>
        services.AddSingleton(new ConsumerRegistration(configure));

    /// <summary>Reads the <c>Transport</c> setting, failing with a message that names the key and the allowed values.</summary>
    public static TransportKind ReadTransport(IConfiguration configuration)
    {
        var value = configuration[MessagingOptions.TransportKey];
        if (string.IsNullOrWhiteSpace(value))
            return TransportKind.InMemory;
        if (Enum.TryParse<TransportKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
            return kind;
        throw new OptionsValidationException(MessagingOptions.TransportKey, typeof(TransportKind),
            [$"'{MessagingOptions.TransportKey}' is '{value}'; allowed: {string.Join(", ", Enum.GetNames<TransportKind>())}."]);
    }

    internal static IServiceCollection AddHorizontBus(this IServiceCollection services, IConfiguration configuration)
    {
        var transport = ReadTransport(configuration);
        services.AddSingleton(sp => new AgencyEndpoints(sp.GetRequiredService<PartnerDirectory>(), transport, sp.GetServices<IAgencyInbox>(),
            sp.GetRequiredService<IOptions<RabbitMqTransportOptions>>().Value.User));
        services.AddSingleton<BusRestarter>();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RabbitMqTransportOptions>().BindConfiguration("RabbitMqTransport");

        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        // Before the bus and the outbox dispatchers: hosted services start in order, and a dispatcher seals with these keys.
        services.AddFieldSealing(transport, configuration.GetSection(SealingOptions.Section).Get<SealingOptions>()?.CreateMissingKeys);
        if (transport == TransportKind.RabbitMq && messaging.DeclarePartnerQueues)
            services.AddHostedService<PartnerQueueProvisioner>(); // before MassTransit's hosted service: hosted services start in order

        var registrations = services
            .Where(d => d.ServiceType == typeof(ConsumerRegistration))
            .Select(d => (ConsumerRegistration)d.ImplementationInstance!)
            .ToList();

        services.AddMassTransit(x =>
        {
            foreach (var registration in registrations)
                registration.Configure(x);

            x.AddConfigureEndpointsCallback(ConfigureAgencyEndpoint);

            // MassTransit 8.4+ reports its configuration to its vendor over the internet by default. An agency's
            // service must not call out to third parties it has no agreement with, and in a closed network the
            // attempt only fails with a warning in the log.
            x.DisableUsageTelemetry();

            if (transport == TransportKind.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var options = context.GetRequiredService<IOptions<RabbitMqTransportOptions>>().Value;
                    var nodes = BrokerNodes.Parse(context.GetRequiredService<IOptions<MessagingOptions>>().Value.BrokerNodes);
                    cfg.Host(options.Host, options.Port, options.VHost, options.ConnectionName, h =>
                    {
                        h.Username(options.User);
                        h.Password(options.Pass);
                        h.PublisherConfirmation = true;
                        if (options.UseSsl)
                            h.UseSsl(s => s.ServerName = options.Host);

                        // A cluster: each (re)connection goes to the next node in turn, so a stopped node is left behind.
                        if (nodes.Count > 0)
                            h.UseCluster(c => { foreach (var node in nodes) c.Node(node.ToString()); });
                    });
                    BrokerUserId.Configure(cfg, options.User);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });

        services.AddHostedService<BusWatchdog>();
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>
    /// What every agency endpoint shares: no bindings to message-type exchanges (messages are sent to
    /// one agency, never published to all), quorum queues on RabbitMQ, measured prefetch and
    /// concurrency, immediate retries for transient faults and none for invalid messages, and inside the retries the
    /// receive pipeline of the agency whose queue it is (<see cref="IAgencyInbox"/>).
    /// </summary>
    public static void ConfigureAgencyEndpoint(IRegistrationContext context, string endpointName, IReceiveEndpointConfigurator endpoint)
    {
        ConfigureDeliveryAndRetries(context, endpoint);
        AddReceivePipeline(context, endpointName, endpoint);
    }

    /// <summary>
    /// The first half of <see cref="ConfigureAgencyEndpoint"/>: topology, queue type, prefetch, concurrency and retries. Public
    /// so that a consumer test's harness configures its endpoint the same way instead of copying the policy (and can put a
    /// filter of its own between the retries and the receive pipeline).
    /// </summary>
    public static void ConfigureDeliveryAndRetries(IRegistrationContext context, IReceiveEndpointConfigurator endpoint)
    {
        var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
        endpoint.ConfigureConsumeTopology = false;
        endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<InvalidMessageException>();
            r.Immediate(options.ImmediateRetries);
        });

        // Before the error move, which sends the fault texts along (and replaces MassTransit's default error pipe).
        endpoint.ConfigureError(error => error.UseFilter(new FaultTextRedaction()));
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
            rabbit.PrefetchCount = options.PrefetchCount;
            BrokerUserId.ConfigureMoves(rabbit, endpoint.InputAddress.Segments[^1]);
        }
        else
        {
            // MassTransit's default error pipe, which it adds only to an empty one.
            endpoint.ConfigureError(error =>
            {
                error.UseFilter(new GenerateFaultFilter());
                error.UseFilter(new ErrorTransportFilter());
            });
        }
    }

    /// <summary>The second half of <see cref="ConfigureAgencyEndpoint"/>: the receive pipeline of the agency whose queue <paramref name="endpointName"/> is.</summary>
    public static void AddReceivePipeline(IRegistrationContext context, string endpointName, IReceiveEndpointConfigurator endpoint)
    {
        foreach (var inbox in context.GetServices<IAgencyInbox>().Where(i => string.Equals(i.Queue, endpointName, StringComparison.Ordinal)))
            inbox.AddPipeline(context, endpoint);
    }

    internal sealed record ConsumerRegistration(Action<IBusRegistrationConfigurator> Configure);
}
