namespace Horizont.Jugendamt.Data;

/// <summary>
/// What a provider's event made of the referral: applied (with the German history text), or recorded only,
/// with a reason code for the metric and the German reason for the history.
/// </summary>
internal readonly record struct EventOutcome(bool Applied, string Detail, string? Reason)
{
    /// <summary>The event changed the ledger; <paramref name="detail"/> says how (German, ids and codes only).</summary>
    public static EventOutcome Apply(string detail) => new(true, detail, null);

    /// <summary>The referral has ended (Declined, Completed, Withdrawn, Closed).</summary>
    public static EventOutcome Ended(Referral referral) =>
        new(false, $"die Zuweisung ist bereits beendet ({ReferralLabels.Describe(referral.Status)})", "ended");

    /// <summary>The Jugendamt has asked to withdraw the referral; only the provider's end of it still counts.</summary>
    public static EventOutcome WithdrawalPending() =>
        new(false, "die Beendigung der Zuweisung ist beantragt", "withdrawal_requested");

    /// <summary>The event does not fit the status, e.g. it would move the case back.</summary>
    public static EventOutcome DoesNotFit(Referral referral) =>
        new(false, $"passt nicht zum {ReferralLabels.Describe(referral.Status)}", "state");

    /// <summary>A newer report of the same kind was applied before.</summary>
    public static EventOutcome Stale(string why) => new(false, why, "stale");
}
