using Horizont.Hosting.Messaging.Sealing;
using Horizont.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Tests.Shared;

/// <summary>What a test that stands in for a partner sends: the message as that partner's outbox puts it on the wire.</summary>
internal static class WireSealing
{
    /// <summary>
    /// The message with its personal fields sealed with the key of its sender and receiver, as every Horizont sender seals
    /// them. Between agencies without a key (a test of addressing: an unknown sender) it goes as it is; the receiver checks
    /// addressing before it opens anything.
    /// </summary>
    public static T SealedForWire<T>(this IServiceProvider services, T message)
        where T : class =>
        message is IReferralMessage addressed
        && services.GetRequiredService<PartnerKeyRing>().Current(addressed.SenderAgencyId, addressed.ReceiverAgencyId) is not null
            ? (T)services.GetRequiredService<FieldSealer>().Seal(message)
            : message;
}
