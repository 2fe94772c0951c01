using System.Globalization;

namespace Horizont.Hosting.Messaging;

/// <summary>One RabbitMQ cluster node the bus may connect to.</summary>
public sealed record BrokerNode(string Host, int Port)
{
    /// <summary>As MassTransit's <c>UseCluster(c => c.Node(…))</c> reads it: <c>host:port</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}

/// <summary>
/// Reads <c>Messaging:BrokerNodes</c>: a comma-separated list of <c>host:port</c>, the nodes of a RabbitMQ cluster. Empty
/// means the single broker of <c>RabbitMqTransport:Host</c>/<c>Port</c>. The form is what MassTransit's
/// <c>ClusterNode.Parse</c> accepts (it splits on the one colon, so an IPv6 literal cannot be a node), with the port required
/// so that a node's port is never silently that of <c>RabbitMqTransport:Port</c>.
/// </summary>
public static class BrokerNodes
{
    public const string Key = MessagingOptions.Section + ":" + nameof(MessagingOptions.BrokerNodes);

    /// <summary>The nodes of <paramref name="value"/>; an empty list for an empty or absent setting.</summary>
    /// <exception cref="FormatException">An entry is not <c>host:port</c>; the message names the setting and the entry.</exception>
    public static IReadOnlyList<BrokerNode> Parse(string? value)
    {
        var error = Validate(value, out var nodes);
        return error is null ? nodes : throw new FormatException(error);
    }

    /// <summary>Null when <paramref name="value"/> is a valid list (then in <paramref name="nodes"/>), else the reason naming the setting and the bad entry.</summary>
    public static string? Validate(string? value, out IReadOnlyList<BrokerNode> nodes)
    {
        nodes = [];
        if (string.IsNullOrWhiteSpace(value))
            return null;

        var parsed = new List<BrokerNode>();
        foreach (var raw in value.Split(','))
        {
            var entry = raw.Trim();
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon != entry.LastIndexOf(':') || entry.Any(char.IsWhiteSpace))
                return $"'{Key}' entry '{entry}' is not host:port (a comma-separated list of host:port, e.g. 'rabbit-1:5672,rabbit-2:5672').";
            if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                return $"'{Key}' entry '{entry}' has no port between 1 and 65535.";
            var node = new BrokerNode(entry[..colon], port);
            if (parsed.Contains(node))
                return $"'{Key}' names '{entry}' twice.";
            parsed.Add(node);
        }

        nodes = parsed;
        return null;
    }
}
