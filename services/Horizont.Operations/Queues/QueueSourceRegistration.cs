using Horizont.Hosting.Messaging;
using MassTransit;

namespace Horizont.Operations.Queues;

public static class QueueSourceRegistration
{
    /// <summary>How long one read of the management API may take.</summary>
    public static readonly TimeSpan ManagementApiTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The <see cref="IQueueSource"/> for the transport: RabbitMQ's management API, or on the in-memory transport the
    /// bus's own observations of its receive endpoints (connected to the bus through MassTransit's container).
    /// </summary>
    public static IServiceCollection AddQueueSources(this IServiceCollection services, TransportKind transport)
    {
        if (transport == TransportKind.RabbitMq)
        {
            services.AddHttpClient<IQueueSource, RabbitMqManagementQueues>(client => client.Timeout = ManagementApiTimeout)
                // A singleton (the alert monitor) keeps its typed client: connections are renewed by the handler instead.
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        }
        else
        {
            services.AddSingleton<BusQueues>();
            services.AddSingleton<IQueueSource>(sp => sp.GetRequiredService<BusQueues>());
            services.AddReceiveObserver(sp => sp.GetRequiredService<BusQueues>());
            services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<BusQueues>());
        }

        return services;
    }
}
