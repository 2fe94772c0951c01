using System.Security.Cryptography;
using System.Text;

namespace Horizont.Hosting;

/// <summary>Ids that follow from content: the same input always gives the same id, so a repeat is recognised as one.</summary>
public static class DerivedId
{
    /// <summary>
    /// A UUID made from the first 16 bytes of the SHA-256 of <paramref name="content"/>, with the version nibble set to 8
    /// (custom) and the RFC 4122 variant.
    /// </summary>
    public static Guid Of(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The id of a text (UTF-8).</summary>
    public static Guid Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
