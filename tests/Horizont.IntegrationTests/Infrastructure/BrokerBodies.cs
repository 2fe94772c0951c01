using System.Text;
using Horizont.Tests.Shared;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// What a test demands of a message body as a transport carried it (an error queue's copy, a delivery read from
/// RabbitMQ): on the broker, its management UI and an error queue show it to whoever may read there. The personal
/// fields of a referral travel in clear until they are encrypted end to end (issue 14, "Personal fields end to
/// end"); a test that reads a body calls <see cref="Check"/> on it.
/// </summary>
public static class BrokerBodies
{
    /// <summary>
    /// With <paramref name="encrypted"/> the body shows none of <see cref="DistinctivePerson.Values"/>; without, it still
    /// shows the young person's family name, so that this fails, and says to pass <c>encrypted: true</c>, once it does not.
    /// </summary>
    public static void Check(byte[] body, bool encrypted = false)
    {
        var text = Encoding.UTF8.GetString(body);
        if (encrypted)
            DistinctivePerson.AssertNothingShown("a broker message body", [text]);
        else
            Assert.True(text.Contains(DistinctivePerson.FamilyName, StringComparison.Ordinal), "The body no longer shows the name in clear: check it with encrypted: true.");
    }
}
