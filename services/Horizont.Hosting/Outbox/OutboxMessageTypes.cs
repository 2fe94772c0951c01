using Horizont.Messages;
using MassTransit;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// The stable names outbox rows are stored under: MassTransit's message URN (<c>urn:message:Namespace:Type</c>), the name
/// the type has on the wire. Only the contracts assembly's messages go through an outbox, so that is where a name is
/// looked up; a name that is not a message there fails the row with a clear reason instead of loading any type.
/// </summary>
public static class OutboxMessageTypes
{
    private static readonly Dictionary<string, Type> s_byName = typeof(IReferralMessage).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace?.StartsWith("Horizont.Messages", StringComparison.Ordinal) == true)
        .ToDictionary(NameOf, StringComparer.Ordinal);

    /// <summary>The URN of a message type, e.g. <c>urn:message:Horizont.Messages:ReferralAccepted</c>.</summary>
    public static string NameOf(Type type) => MessageUrn.ForTypeString(type);

    /// <summary>The message type stored under <paramref name="name"/>, or null when the contracts have none by that name.</summary>
    public static Type? Find(string name) => s_byName.GetValueOrDefault(name);
}
