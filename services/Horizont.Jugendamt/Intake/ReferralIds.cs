using System.Security.Cryptography;
using System.Text.Json;
using Horizont.Hosting;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>Referral ids derived from CSV rows, and the content hash behind the duplicate check.</summary>
internal static class ReferralIds
{
    private static readonly JsonSerializerOptions CanonicalJson = new(JsonSerializerDefaults.Web);

    /// <summary>The id of a CSV row: derived from its raw text without the line break.</summary>
    public static Guid DeriveFromText(string text) => DerivedId.Of(text.TrimEnd('\r', '\n'));

    /// <summary>
    /// SHA-256 (hex) of what is handed over, without the time of handing over: two inputs with the same
    /// referral id and the same hash are the same referral, however they were formatted or delivered.
    /// </summary>
    public static string ContentHash(SubmitReferral message)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(message with { SubmittedAt = default }, CanonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
