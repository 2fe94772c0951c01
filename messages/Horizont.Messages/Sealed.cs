namespace Horizont.Messages;

/// <summary>
/// The personal fields of a message, encrypted end to end for the one partner it goes to (AES-256-GCM with the key of the
/// two agencies; the exact scheme is in docs/contracts.md, "Sealed personal fields"). A message that carries them has
/// its clear personal fields absent on the wire: only the two agencies can read them, not the broker, its error queues,
/// operations or anyone reading along.
/// </summary>
public record SealedFields
{
    /// <summary>The scheme's name and version; <see cref="CurrentScheme"/> is the only one so far.</summary>
    public required string Scheme { get; init; }

    /// <summary>Which key of the two agencies sealed them (keys rotate; old ones stay to open messages in flight).</summary>
    public required string KeyId { get; init; }

    /// <summary>Base64 of the 12-byte nonce, never used twice with one key.</summary>
    public required string Nonce { get; init; }

    /// <summary>Base64 of the ciphertext followed by the 16-byte authentication tag.</summary>
    public required string Ciphertext { get; init; }

    public const string CurrentScheme = "horizont-seal-1";
}

/// <summary>A message whose personal fields travel as <see cref="SealedFields"/>.</summary>
public interface ISealedMessage : IReferralMessage
{
    SealedFields? Sealed { get; }
}
