using System.Globalization;
using System.Text.Json;
using Horizont.Jugendamt.Data;

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
/// The providers' answers for the case system, one JSON file per event, named
/// <c>{time:yyyyMMddTHHmmssfff}_{referralId}_{eventType}_{messageId}.json</c> with the time the provider stated (UTC).
/// The file is recorded in the ledger's export outbox (<see cref="PendingExport"/>) in the same transaction as the
/// ledger change, and written by <see cref="ExportWriter"/> only after the commit: the case system never reads an
/// answer the ledger does not hold, and a rewrite after a crash produces the same file under the same name.
/// </summary>
internal static class EventExport
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

    /// <summary>Adds the file to the export outbox; it is written once <paramref name="db"/> commits.</summary>
    /// <returns>The file's name.</returns>
    public static string Enqueue(LedgerDbContext db, ExportedEvent exported, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var name = FileName(occurredAt, exported.ReferralId, exported.EventType, exported.MessageId);
        db.PendingExports.Add(new PendingExport
        {
            FileName = name,
            Content = JsonSerializer.Serialize(exported, Json) + "\n",
            RecordedAt = now,
        });
        return name;
    }
}
