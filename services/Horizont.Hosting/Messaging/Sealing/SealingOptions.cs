namespace Horizont.Hosting.Messaging.Sealing;

/// <summary>Settings of the end-to-end sealing of personal fields (section <c>Messaging:Sealing</c>; docs/configuration.md).</summary>
public sealed class SealingOptions
{
    public const string Section = "Messaging:Sealing";

    /// <summary>
    /// The folder of key files (<c>{agency}+{agency}.{keyId}.key</c>, see <see cref="PartnerKeyRing"/>); a relative path is
    /// taken from the data directory.
    /// </summary>
    public string KeyDirectory { get; set; } = "keys";

    /// <summary>
    /// Keys given in configuration instead of files (environment, secret store): <c>Keys:{pair}:{keyId}</c> = Base64 of the
    /// 32 key bytes, the pair being the two agency ids in ordinal order joined by <c>+</c>.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Keys { get; set; } = [];

    /// <summary>
    /// Create a key for every pair of partners that has none at start. Only where one process hosts both agencies of a pair,
    /// which the in-memory transport implies (the all-in-one host); null means "when the transport is in-memory".
    /// </summary>
    public bool? CreateMissingKeys { get; set; }

    /// <summary>
    /// Accept a partner's personal fields in clear (not sealed). Off: such a message is refused, so a partner that forgot to
    /// seal learns it at its first message instead of sending names in clear for months.
    /// </summary>
    public bool AcceptClearFields { get; set; }
}
