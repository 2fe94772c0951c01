namespace Horizont.Provider.Data;

/// <summary>
/// One line of a case's audit trail: every message received or sent and every staff step.
/// <see cref="Detail"/> is a short German text for staff and never holds free text someone entered.
/// </summary>
public sealed class CaseHistoryEntry
{
    /// <summary>Ascending in the order the entries were written; sort by it, not by time.</summary>
    public long Id { get; set; }

    public Guid CaseId { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>One of <see cref="CaseHistoryKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Who did it: a member of staff, or the agency id of the sending or receiving partner.</summary>
    public required string Actor { get; set; }

    public required string Detail { get; set; }

    /// <summary>The message received or sent, where one was involved.</summary>
    public Guid? MessageId { get; set; }
}

/// <summary>The kinds of history entries (stored as these names).</summary>
public static class CaseHistoryKinds
{
    public const string ReferralReceived = "ReferralReceived";
    /// <summary>A message that changed nothing: the same referral again, or a message handled before delivered again.</summary>
    public const string DuplicateReceived = "DuplicateReceived";
    public const string Accepted = "Accepted";
    public const string Declined = "Declined";
    public const string MessageSent = "MessageSent";
    public const string IntakeScheduled = "IntakeScheduled";
    public const string IntakeHeld = "IntakeHeld";
    public const string IntakeMissed = "IntakeMissed";
    public const string PlacementArranged = "PlacementArranged";
    public const string HoursLogged = "HoursLogged";
    public const string NonComplianceReported = "NonComplianceReported";
    public const string ExtensionRequested = "ExtensionRequested";
    public const string Completed = "Completed";
    public const string ReminderRaised = "ReminderRaised";
    public const string FlagsChanged = "FlagsChanged";

    /// <summary>An <c>AmendReferral</c> arrived; the detail says whether it was applied.</summary>
    public const string AmendmentReceived = "AmendmentReceived";

    /// <summary>A <c>WithdrawReferral</c> arrived; the detail says what it changed.</summary>
    public const string WithdrawalReceived = "WithdrawalReceived";

    /// <summary>The case's personal data was erased (retention ended, or the Jugendamt asked for it).</summary>
    public const string Erased = "Erased";
}
