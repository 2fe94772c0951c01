using System.Text.RegularExpressions;
using Horizont.Hosting.Partners;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// The names on RabbitMQ and who may do what with them (ADR 0011). Every agency consumes from its own queue; a sender
/// never writes to a partner's queue or its exchange directly but to an exchange of its own, <c>{user}.to.{queue}</c>,
/// which the operator binds to the partner's exchange. So a broker user's permissions cover only names that begin with
/// its own user name or are its own queues: it can neither read, nor delete, nor re-declare another agency's queue, and
/// the only way to the partner is the binding it cannot create itself.
/// </summary>
public static class BrokerNames
{
    /// <summary>The exchange through which <paramref name="user"/> sends to <paramref name="queue"/>.</summary>
    public static string Outbound(string user, string queue) => $"{user}.to.{queue}";

    public static string Error(string queue) => queue + "_error";

    public static string Skipped(string queue) => queue + "_skipped";
}

/// <summary>A broker user of the plan: its permissions (RabbitMQ regular expressions, anchored) and tags.</summary>
public sealed record BrokerUserPlan(string User, string Purpose, string Configure, string Write, string Read, IReadOnlyList<string> Tags);

/// <summary>An agency's queue (quorum) with its exchange of the same name, as MassTransit's receive endpoint declares them.</summary>
public sealed record BrokerQueuePlan(string Queue);

/// <summary>A sender's outbound exchange bound to the receiver's exchange.</summary>
public sealed record BrokerRoutePlan(string User, string Queue)
{
    public string Exchange => BrokerNames.Outbound(User, Queue);
}

/// <summary>
/// Everything the operator provisions on one virtual host, derived from the partner directory: a user per agency and
/// one for operations, each agency's queue with its error and skipped queues, and a route from every sender to every
/// receiver it may write to (a Jugendamt to each provider, a provider to each Jugendamt, everyone to operations).
/// </summary>
public sealed class BrokerPlan
{
    /// <summary>The tag that lets the operations user replay a failed message under its original sender (RabbitMQ's user_id check).</summary>
    public const string ImpersonatorTag = "impersonator";

    /// <summary>The tag that lets the operations user read queue figures from the management API.</summary>
    public const string MonitoringTag = "monitoring";

    private BrokerPlan(IReadOnlyList<BrokerUserPlan> users, IReadOnlyList<BrokerQueuePlan> queues, IReadOnlyList<BrokerRoutePlan> routes)
    {
        Users = users;
        Queues = queues;
        Routes = routes;
    }

    public IReadOnlyList<BrokerUserPlan> Users { get; }

    /// <summary>Every queue to declare: the agencies' and operations' inbound queues and their error and skipped queues.</summary>
    public IReadOnlyList<BrokerQueuePlan> Queues { get; }

    public IReadOnlyList<BrokerRoutePlan> Routes { get; }

    public static BrokerPlan For(IEnumerable<Partner> partners, string operationsUser, string operationsQueue)
    {
        var agencies = partners.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var duplicate = agencies.GroupBy(p => p.BrokerUserName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"Broker user '{duplicate.Key}' belongs to {string.Join(" and ", duplicate.Select(p => p.Id))}: each agency needs a user of its own.", nameof(partners));
        }

        if (agencies.Any(p => p.BrokerUserName == operationsUser))
            throw new ArgumentException($"Broker user '{operationsUser}' is both an agency's and operations'.", nameof(operationsUser));

        var routes = new List<BrokerRoutePlan>();
        foreach (var sender in agencies)
        {
            var kind = sender.Kind == AgencyKind.Jugendamt ? AgencyKind.Provider : AgencyKind.Jugendamt;
            routes.AddRange(agencies.Where(r => r.Kind == kind).Select(r => new BrokerRoutePlan(sender.BrokerUserName, r.QueueName)));
            routes.Add(new BrokerRoutePlan(sender.BrokerUserName, operationsQueue));
        }

        routes.Add(new BrokerRoutePlan(operationsUser, operationsQueue));

        var users = agencies
            .Select(a => AgencyUser(a.BrokerUserName, $"{a.Kind} {a.Id}", a.QueueName))
            .Append(OperationsUser(operationsUser, operationsQueue, agencies.Select(a => a.QueueName)))
            .ToList();
        var queues = agencies.Select(a => a.QueueName).Append(operationsQueue).Distinct(StringComparer.Ordinal)
            .SelectMany(q => new[] { q, BrokerNames.Error(q), BrokerNames.Skipped(q) })
            .Select(q => new BrokerQueuePlan(q))
            .ToList();
        return new BrokerPlan(users, queues, routes);
    }

    /// <summary>
    /// An agency: configures its own queue, its error and skipped queues and its outbound exchanges; writes to the same
    /// (MassTransit binds its queue and moves failures); reads only its own queues.
    /// </summary>
    private static BrokerUserPlan AgencyUser(string user, string purpose, string queue)
    {
        var own = OwnQueues(queue);
        var outbound = "^" + Regex.Escape(user + ".to.") + ".+$";
        return new BrokerUserPlan(user, purpose, Either(own, outbound), Either(own, outbound), own, []);
    }

    /// <summary>
    /// Operations: its own queues and outbound exchanges as an agency has them; reads every agency's error and skipped
    /// queue (to show and replay them); replays through the default exchange, under the original sender's user id.
    /// </summary>
    private static BrokerUserPlan OperationsUser(string user, string queue, IEnumerable<string> agencyQueues)
    {
        var own = OwnQueues(queue);
        var outbound = "^" + Regex.Escape(user + ".to.") + ".+$";
        var failures = "^(" + string.Join("|", agencyQueues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .SelectMany(q => new[] { BrokerNames.Error(q), BrokerNames.Skipped(q) }).Select(Regex.Escape)) + ")$";
        return new BrokerUserPlan(user, "Operations", Either(own, outbound), Either(own, outbound, "^amq\\.default$"), Either(own, failures),
            [MonitoringTag, ImpersonatorTag]);
    }

    private static string OwnQueues(string queue) =>
        $"^({Regex.Escape(queue)}|{Regex.Escape(BrokerNames.Error(queue))}|{Regex.Escape(BrokerNames.Skipped(queue))})$";

    private static string Either(params string[] patterns) => string.Join("|", patterns);
}
