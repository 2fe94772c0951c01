using System.Globalization;
using System.Text.Json;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;

namespace Horizont.Jugendamt.Export;

/// <summary>What the case system reads from the export folder: one file per event received.</summary>
/// <param name="EventType">The message type, e.g. <c>ReferralAccepted</c>.</param>
/// <param name="MessageId">The message id; a redelivery has the same one and rewrites the same file.</param>
/// <param name="ReferralId">The referral the event is about.</param>
/// <param name="FileReference">The Jugendamt's file reference, for the case system to match the case.</param>
/// <param name="ProviderId">The provider that sent the event.</param>
/// <param name="LedgerStatus">The referral's status in the ledger after the event.</param>
/// <param name="AppliedToLedger">False when the event did not fit the status and only went into the history.</param>
/// <param name="Event">The event's own fields, as received.</param>
internal sealed record ExportedEvent(
    string EventType,
    Guid MessageId,
    Guid ReferralId,
    string FileReference,
    string ProviderId,
    ReferralStatus LedgerStatus,
    bool AppliedToLedger,
    object Event);

/// <summary>
/// Writes the providers' answers into the export folder for the case system, one JSON file per event,
/// named <c>{time:yyyyMMddTHHmmssfff}_{referralId}_{eventType}_{messageId}.json</c> with the time the
/// provider stated (UTC), so a redelivered message rewrites the same file. Written as <c>.tmp</c>
/// and renamed, before the ledger commits: a crash in between only rewrites it.
/// </summary>
internal sealed class EventExport(JugendamtFolders folders)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // German text (notes, umlauts) stays readable for the case system's importers; JSON stays valid.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string FileName(DateTimeOffset occurredAt, Guid referralId, string eventType, Guid messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{occurredAt.UtcDateTime:yyyyMMdd'T'HHmmssfff}_{referralId}_{eventType}_{messageId}.json");

    /// <returns>The file's name.</returns>
    public async Task<string> WriteAsync(ExportedEvent exported, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folders.Export);
        var name = FileName(occurredAt, exported.ReferralId, exported.EventType, exported.MessageId);
        await AtomicFile.WriteAsync(Path.Combine(folders.Export, name), JsonSerializer.Serialize(exported, Json) + "\n", byteOrderMark: false, cancellationToken);
        return name;
    }
}
