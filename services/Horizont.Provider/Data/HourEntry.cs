namespace Horizont.Provider.Data;

/// <summary>
/// One hours entry of a case: a shift, or a correction of earlier entries. Entries are never edited or
/// deleted; a correction is a new entry (negative to take hours back), so the total is always explainable.
/// </summary>
public sealed class HourEntry
{
    /// <summary>Ascending in the order the entries were made.</summary>
    public long Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The day the hours were worked (or, for a correction, the day it corrects).</summary>
    public DateOnly Date { get; set; }

    /// <summary>Positive for a shift; a correction may be negative.</summary>
    public decimal Hours { get; set; }

    public bool Correction { get; set; }

    /// <summary>Staff's short note (at most 500 characters); never in the history or a message.</summary>
    public string? Note { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The member of staff who made the entry.</summary>
    public required string RecordedBy { get; set; }

    /// <summary>The case's hours completed after this entry: the running total reported to the Jugendamt.</summary>
    public decimal TotalAfter { get; set; }
}
