namespace Horizont.Jugendamt.Intake;

/// <summary>The two changes the Jugendamt sends after a referral was handed over.</summary>
internal enum ReferralChangeKind
{
    /// <summary>Änderung after a court decision: <c>AmendReferral</c>.</summary>
    Amendment,

    /// <summary>Beendigung: <c>WithdrawReferral</c>.</summary>
    Withdrawal,
}

/// <summary>
/// An amendment or a withdrawal as read from a JSON file, a CSV row or a request body, before the rules
/// are checked: values that could not be read are null and already have an error.
/// <see cref="ReferralChangeValidator"/> holds every rule, so the channels cannot drift apart.
/// </summary>
internal sealed class ReferralChangeDraft : IntakeDraft
{
    public required ReferralChangeKind Kind { get; init; }

    /// <summary>From the file (required there) or the request's route.</summary>
    public Guid? ReferralId { get; set; }

    // Amendment
    public decimal? HoursOrdered { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? CourtDecisionDate { get; set; }

    // Withdrawal
    public string? ReasonCode { get; set; }
    public DateOnly? EffectiveDate { get; set; }
}

/// <summary>Wire names of the change fields (JSON and CSV alike) and the CSV columns of each kind.</summary>
internal static class ReferralChangeFields
{
    /// <summary>In a JSON file: what the file holds (<c>amendment</c>, <c>withdrawal</c>); absent for a referral.</summary>
    public const string Type = "type";

    public const string AmendmentType = "amendment";
    public const string WithdrawalType = "withdrawal";

    public const string ReferralId = "referralId";
    public const string HoursOrdered = "hoursOrdered";
    public const string Deadline = "deadline";
    public const string CourtDecisionDate = "courtDecisionDate";
    public const string ReasonCode = "reasonCode";
    public const string EffectiveDate = "effectiveDate";

    public static IReadOnlyList<string> Types { get; } = [AmendmentType, WithdrawalType];

    /// <summary>The fields of a request body (the referral id is in the route).</summary>
    public static IReadOnlyList<string> BodyFields(ReferralChangeKind kind) => kind == ReferralChangeKind.Amendment
        ? [HoursOrdered, Deadline, CourtDecisionDate]
        : [ReasonCode, EffectiveDate];

    /// <summary>CSV columns, in the documented order; their names are the wire names.</summary>
    public static IReadOnlyList<(string Column, string Field, bool Required)> CsvColumns(ReferralChangeKind kind) => kind == ReferralChangeKind.Amendment
        ? [(ReferralId, ReferralId, true), (HoursOrdered, HoursOrdered, false), (Deadline, Deadline, false), (CourtDecisionDate, CourtDecisionDate, true)]
        : [(ReferralId, ReferralId, true), (ReasonCode, ReasonCode, true), (EffectiveDate, EffectiveDate, true)];

    /// <summary>The German word for one change, e.g. in "genau einer Änderung".</summary>
    public static string Noun(ReferralChangeKind kind) => kind == ReferralChangeKind.Amendment ? "Änderung" : "Beendigung";
}
