namespace Horizont.Jugendamt.Data;

/// <summary>One line of a referral's audit trail: every message sent or received, every refused repeat.</summary>
public sealed class LedgerHistoryEntry
{
    /// <summary>Ascending in the order of recording (SQLite cannot order by <see cref="DateTimeOffset"/>).</summary>
    public long Id { get; set; }

    public Guid ReferralId { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>What happened: the message type (<c>SubmitReferral</c>, <c>ReferralAccepted</c>, …) or an intake event.</summary>
    public required string Kind { get; set; }

    /// <summary>Who did it: an agency id, or this agency's intake channel such as <c>ja-nordhausen/api</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>A short German description for the caseworkers; ids and codes only, no personal data.</summary>
    public required string Detail { get; set; }

    /// <summary>The id of the message sent or received, when there was one.</summary>
    public Guid? MessageId { get; set; }
}

/// <summary>
/// Kinds of history entries. A message sent or received is recorded under its type name
/// (<c>SubmitReferral</c>, <c>AmendReferral</c>, <c>WithdrawReferral</c>, <c>ReferralAccepted</c>, <c>HoursReported</c>, …);
/// the others say what happened to an input that sent nothing.
/// </summary>
public static class LedgerHistoryKinds
{
    public const string SubmitReferral = "SubmitReferral";
    public const string HandoverRepeated = "HandoverRepeated";
    public const string HandoverRefused = "HandoverRefused";
    public const string AmendmentRepeated = "AmendmentRepeated";
    public const string AmendmentRefused = "AmendmentRefused";
    public const string WithdrawalRepeated = "WithdrawalRepeated";
    public const string WithdrawalRefused = "WithdrawalRefused";
    public const string FollowUpRaised = "FollowUpRaised";
    public const string CourtReported = "CourtReported";
    /// <summary>The referral's personal data was erased (retention ended, or a caseworker asked for it).</summary>
    public const string Erased = "Erased";
}
