using Horizont.Hosting.Partners;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Messaging;

/// <summary>An agency's inbound endpoint as the bus configuration sees it: which queue, and how to put the receive pipeline in front of its consumers.</summary>
public interface IAgencyInbox
{
    /// <summary>The agency's own queue (the endpoint's name).</summary>
    string Queue { get; }

    /// <summary>Adds the receive pipeline (<see cref="ReceivePipelineFilter{TDbContext,TMessage}"/>) to every consumer of the endpoint.</summary>
    void AddPipeline(IRegistrationContext context, IReceiveEndpointConfigurator endpoint);
}

/// <summary>
/// One agency's inbound endpoint: the queue its partners send to, the store its consumers write to, who may send to it,
/// and how to find the agency on the other side of a known referral. The receive pipeline reads these so that no
/// consumer checks addressing or keeps an inbox itself.
/// </summary>
/// <typeparam name="TDbContext">The store the endpoint's consumers write to; the inbox rows go into the same unit of work.</typeparam>
public sealed class AgencyInbox<TDbContext> : IAgencyInbox
    where TDbContext : DbContext
{
    /// <summary>This agency's id: every message must name it as its receiver.</summary>
    public required string AgencyId { get; init; }

    public required string Queue { get; init; }

    /// <summary>The kind of agency that may send here (a provider's endpoint takes commands from a Jugendamt, and the other way round).</summary>
    public required AgencyKind Senders { get; init; }

    /// <summary>
    /// The agency on the other side of each referral of a group this store knows (the Jugendamt that referred, or the
    /// provider it was handed to), in one query; a referral not known here (yet) is left out. A message about a known
    /// referral from any other agency is refused.
    /// </summary>
    public required Func<TDbContext, IReadOnlyCollection<Guid>, CancellationToken, Task<Dictionary<Guid, string>>> CounterpartsOf { get; init; }

    /// <summary>
    /// Answer a refused message with <see cref="Horizont.Messages.ReferralRefused"/> to its sender, so the sender's books
    /// show the refusal (commands to a provider); the message itself still goes to the error queue.
    /// </summary>
    public bool AnswerRefusals { get; init; }

    public void AddPipeline(IRegistrationContext context, IReceiveEndpointConfigurator endpoint) =>
        endpoint.ConnectConsumerConfigurationObserver(new ReceivePipelineObserver<TDbContext>(context));
}

public static class AgencyInboxRegistration
{
    /// <summary>
    /// Registers an agency's inbound endpoint and its consumers (each on <see cref="AgencyInbox{TDbContext}.Queue"/>). Every
    /// message they consume first passes the receive pipeline: message id, addressing, inbox in the consumer's unit of work.
    /// </summary>
    public static IServiceCollection AddAgencyInbox<TDbContext>(
        this IServiceCollection services, AgencyInbox<TDbContext> inbox, Action<IBusRegistrationConfigurator> consumers)
        where TDbContext : DbContext =>
        services.AddAgencyInbox(inbox).AddHorizontConsumers(consumers);

    /// <summary>The endpoint's settings and the reads its receive pipeline shares, for a bus whose consumers are added elsewhere (a test harness).</summary>
    public static IServiceCollection AddAgencyInbox<TDbContext>(this IServiceCollection services, AgencyInbox<TDbContext> inbox)
        where TDbContext : DbContext
    {
        services.AddSingleton(inbox);
        services.AddSingleton<IAgencyInbox>(inbox);
        services.AddSingleton<InboxReads<TDbContext>>();
        return services;
    }
}
