namespace Horizont.Jugendamt.Data;

/// <summary>
/// One export file for the case system, recorded in the same transaction as the ledger change it reports
/// (the export outbox). <c>ExportWriter</c> writes it to the export folder after the commit and marks it written;
/// written rows are deleted after <c>Jugendamt:ExportRetention</c>.
/// </summary>
public sealed class PendingExport
{
    /// <summary>Ascending in the order of recording: files are written oldest first.</summary>
    public long Sequence { get; set; }

    /// <summary>The file's name, derived from the event's message id (so writing it again rewrites the same file).</summary>
    public required string FileName { get; set; }

    /// <summary>The file's content (JSON).</summary>
    public required string Content { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>When the file was written to the export folder; null until then.</summary>
    public DateTimeOffset? WrittenAt { get; set; }
}
