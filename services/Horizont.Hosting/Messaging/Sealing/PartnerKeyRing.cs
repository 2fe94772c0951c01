using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Horizont.Hosting.Messaging.Sealing;

/// <summary>One key two agencies share: <see cref="Id"/> travels in every message it seals.</summary>
public sealed record PartnerKey(string Pair, string Id, byte[] Material);

/// <summary>
/// The keys this agency shares with its partners, one set per pair of agencies: files <c>{a}+{b}.{keyId}.key</c> in one
/// folder (Base64 of 32 random bytes, readable by the service user only) and keys from configuration. A pair's current key
/// is its newest (key ids begin with their creation time, so the greatest id); older keys stay to open messages sealed
/// before a rotation and go when their file is deleted. The folder is read again whenever it changes, so a key placed or
/// removed takes effect without a restart.
/// </summary>
public sealed partial class PartnerKeyRing(string directory, Func<IReadOnlyDictionary<string, Dictionary<string, string>>>? configured = null, ILogger? logger = null)
{
    private static readonly IReadOnlyDictionary<string, Dictionary<string, string>> NoneConfigured = new Dictionary<string, Dictionary<string, string>>();

    public const int KeyBytes = 32;
    public const string FileExtension = ".key";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();
    private (DateTime Stamp, IReadOnlyDictionary<string, Dictionary<string, string>> Configured, Dictionary<string, List<PartnerKey>> Keys)? _snapshot;

    public string Directory { get; } = directory;

    /// <summary>The pair name of two agencies: their ids in ordinal order joined by <c>+</c> (the same from either side).</summary>
    public static string PairOf(string agency, string partner) =>
        string.CompareOrdinal(agency, partner) <= 0 ? $"{agency}+{partner}" : $"{partner}+{agency}";

    /// <summary>Whether an agency id can be part of a pair name (lower-case letters, digits, '-').</summary>
    public static bool IsAgencyId(string id) => AgencyId().IsMatch(id);

    /// <summary>The key the two agencies seal with now, or null when they have none.</summary>
    public PartnerKey? Current(string agency, string partner) =>
        Load().TryGetValue(PairOf(agency, partner), out var keys) ? keys[^1] : null;

    /// <summary>The key of the two agencies with this id, current or older; null when it is unknown here.</summary>
    public PartnerKey? Find(string agency, string partner, string keyId) =>
        Load().TryGetValue(PairOf(agency, partner), out var keys) ? keys.Find(k => string.Equals(k.Id, keyId, StringComparison.Ordinal)) : null;

    /// <summary>Every key of every pair, oldest first within a pair (for the command line's list).</summary>
    public IReadOnlyList<PartnerKey> All() => [.. Load().Values.SelectMany(k => k)];

    /// <summary>
    /// Creates a new key for the two agencies, which becomes their current one: a file created owner-only. The partner
    /// needs the same file (handed over out of band) before the first message sealed with it reaches them.
    /// </summary>
    public PartnerKey Create(string agency, string partner, DateTimeOffset now)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var pair = PairOf(agency, partner);
        // The time first, so ids sort by age and the newest is the greatest; the random tail keeps two keys of one second apart.
        var id = $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        var key = new PartnerKey(pair, id, RandomNumberGenerator.GetBytes(KeyBytes));
        var path = Path.Combine(Directory, $"{pair}.{id}{FileExtension}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, options))
            writer.WriteLine(Convert.ToBase64String(key.Material));
        lock (_gate)
            _snapshot = null;
        return key;
    }

    private Dictionary<string, List<PartnerKey>> Load()
    {
        var stamp = System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetLastWriteTimeUtc(Directory) : DateTime.MinValue;
        var fromConfiguration = configured?.Invoke() ?? NoneConfigured;
        lock (_gate)
        {
            if (_snapshot is { } known && known.Stamp == stamp && ReferenceEquals(known.Configured, fromConfiguration))
                return known.Keys;
            var keys = new Dictionary<string, List<PartnerKey>>(StringComparer.Ordinal);
            foreach (var (pair, id, material) in FromFiles().Concat(FromConfiguration(fromConfiguration)))
            {
                if (!keys.TryGetValue(pair, out var list))
                    keys[pair] = list = [];
                if (list.Exists(k => k.Id == id))
                    _logger.LogWarning("Key {KeyId} of {Pair} is given twice; the first one counts", id, pair);
                else
                    list.Add(new PartnerKey(pair, id, material));
            }

            foreach (var list in keys.Values)
                list.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
            _snapshot = (stamp, fromConfiguration, keys);
            return keys;
        }
    }

    private IEnumerable<(string Pair, string Id, byte[] Material)> FromFiles()
    {
        if (!System.IO.Directory.Exists(Directory))
            yield break;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + FileExtension).Order(StringComparer.Ordinal))
        {
            var name = KeyFileName().Match(Path.GetFileName(path));
            var material = name.Success ? Material(File.ReadAllText(path)) : null;
            if (material is null)
            {
                _logger.LogError("Key file {File} is ignored: its name must be '{{agency}}+{{agency}}.{{keyId}}.key' and it must hold Base64 of {Bytes} bytes",
                    Path.GetFileName(path), KeyBytes);
                continue;
            }

            yield return (name.Groups["pair"].Value, name.Groups["id"].Value, material);
        }
    }

    private IEnumerable<(string Pair, string Id, byte[] Material)> FromConfiguration(IReadOnlyDictionary<string, Dictionary<string, string>> configuredKeys)
    {
        foreach (var (pair, keys) in configuredKeys)
        {
            foreach (var (id, text) in keys)
            {
                if (Material(text) is { } material && PairName().IsMatch(pair) && KeyId().IsMatch(id))
                    yield return (pair, id, material);
                else
                    _logger.LogError("Configured key {KeyId} of {Pair} is ignored: the pair must be '{{agency}}+{{agency}}', the id letters, digits and '-', the value Base64 of {Bytes} bytes",
                        id, pair, KeyBytes);
            }
        }
    }

    private static byte[]? Material(string text)
    {
        var bytes = new byte[KeyBytes + 3];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == KeyBytes ? bytes[..KeyBytes] : null;
    }

    [GeneratedRegex(@"^(?<pair>[a-z0-9-]+\+[a-z0-9-]+)\.(?<id>[A-Za-z0-9-]+)\.key$")]
    private static partial Regex KeyFileName();

    [GeneratedRegex(@"^[a-z0-9-]+$")]
    private static partial Regex AgencyId();

    [GeneratedRegex(@"^[a-z0-9-]+\+[a-z0-9-]+$")]
    private static partial Regex PairName();

    [GeneratedRegex(@"^[A-Za-z0-9-]+$")]
    private static partial Regex KeyId();
}
