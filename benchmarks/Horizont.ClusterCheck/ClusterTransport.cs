using System.Globalization;
using Horizont.Hosting.Messaging;

namespace Horizont.ClusterCheck;

/// <summary>How both services reach the cluster: every node in <c>Messaging:BrokerNodes</c>, as an operator would configure it.</summary>
internal static class ClusterTransport
{
    public static Dictionary<string, string?> Settings(CheckOptions options)
    {
        var first = BrokerNodes.Parse(options.Nodes)[0];
        return new Dictionary<string, string?>
        {
            ["Transport"] = "RabbitMq",
            // Host and port only stand in for an empty BrokerNodes; the bus and the partner queue declaration use the list.
            ["RabbitMqTransport:Host"] = first.Host,
            ["RabbitMqTransport:Port"] = first.Port.ToString(CultureInfo.InvariantCulture),
            ["RabbitMqTransport:VHost"] = options.VirtualHost,
            ["RabbitMqTransport:User"] = options.User,
            ["RabbitMqTransport:Pass"] = options.Password,
            [BrokerNodes.Key] = options.Nodes,
            // Both agencies connect as the one user of the check: it is every partner's broker user (ADR 0011's sender check).
            ["Partners:0:BrokerUser"] = options.User,
            ["Partners:1:BrokerUser"] = options.User,
            ["Partners:2:BrokerUser"] = options.User,
        };
    }
}
