using System.Text;
using Horizont.Tests.Shared;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// What a test demands of a message body as a transport carried it (an error queue's copy, a delivery read from
/// RabbitMQ): the broker, its management UI and an error queue show it to whoever may read there, so it shows no
/// personal value: those travel sealed end to end (docs/security.md, "Personal fields end to end").
/// </summary>
public static class BrokerBodies
{
    public static void Check(byte[] body) =>
        DistinctivePerson.AssertNothingShown("a broker message body", [Encoding.UTF8.GetString(body)]);
}
