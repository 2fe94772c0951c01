using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>Referral ids derived from content, and the content hash behind the duplicate check.</summary>
internal static class ReferralIds
{
    private static readonly JsonSerializerOptions CanonicalJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A UUID made from the first 16 bytes of the SHA-256 of <paramref name="content"/>, with the
    /// version nibble set to 8 (custom) and the RFC 4122 variant: the same bytes always give the same id,
    /// so a file dropped twice, or read again after a crash, is handed over once.
    /// </summary>
    public static Guid Derive(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The id of a CSV row: derived from its raw text without the line break.</summary>
    public static Guid DeriveFromText(string text) => Derive(Encoding.UTF8.GetBytes(text.TrimEnd('\r', '\n')));

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
