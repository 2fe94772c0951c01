using System.Globalization;
using System.Text;
using Horizont.Hosting;
using Horizont.Hosting.Validation;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>A checked change, ready to be sent; its id is derived from its content (<see cref="ReferralChangeIds"/>).</summary>
internal abstract record ValidChange(Guid ChangeId, Guid ReferralId)
{
    /// <summary>The message type it is sent as (also its history kind).</summary>
    public abstract string MessageType { get; }
}

/// <summary>Änderung: new hours and/or a new deadline after a court decision.</summary>
internal sealed record ValidAmendment(Guid ChangeId, Guid ReferralId, decimal? HoursOrdered, DateOnly? Deadline, DateOnly CourtDecisionDate)
    : ValidChange(ChangeId, ReferralId)
{
    public override string MessageType => nameof(AmendReferral);
}

/// <summary>Beendigung: the referral ends without the hours being worked.</summary>
internal sealed record ValidWithdrawal(Guid ChangeId, Guid ReferralId, string ReasonCode, DateOnly EffectiveDate)
    : ValidChange(ChangeId, ReferralId)
{
    public override string MessageType => nameof(WithdrawReferral);
}

/// <summary>
/// Every rule an amendment or a withdrawal must meet, whatever channel it came by (JSON file, CSV row,
/// request body). Whether the referral's status allows it is decided when it is recorded
/// (<see cref="ChangeHandover"/>), because that needs the ledger.
/// </summary>
internal sealed class ReferralChangeValidator(TimeProvider time)
{
    /// <summary>The checked change, or null when <paramref name="errors"/> holds at least one error.</summary>
    public ValidChange? Validate(ReferralChangeDraft draft, FieldErrors errors)
    {
        var today = time.Today();
        if (IntakeRules.Present(errors, ReferralChangeFields.ReferralId, draft.ReferralId))
            IntakeRules.NotEmptyId(errors, ReferralChangeFields.ReferralId, draft.ReferralId);

        if (draft.Kind == ReferralChangeKind.Amendment)
            CheckAmendment(draft, errors, today);
        else
            CheckWithdrawal(draft, errors, today);

        if (errors.Any)
            return null;

        var referralId = draft.ReferralId!.Value;
        if (draft.Kind == ReferralChangeKind.Amendment)
        {
            var id = ReferralChangeIds.Derive(nameof(AmendReferral), referralId, Text(draft.HoursOrdered), Text(draft.Deadline), Text(draft.CourtDecisionDate));
            return new ValidAmendment(id, referralId, draft.HoursOrdered, draft.Deadline, draft.CourtDecisionDate!.Value);
        }

        var reason = draft.ReasonCode!.Trim();
        return new ValidWithdrawal(ReferralChangeIds.Derive(nameof(WithdrawReferral), referralId, reason, Text(draft.EffectiveDate)), referralId, reason, draft.EffectiveDate!.Value);
    }

    private static void CheckAmendment(ReferralChangeDraft draft, FieldErrors errors, DateOnly today)
    {
        if (draft.HoursOrdered is { } hours)
            IntakeRules.Hours(errors, ReferralChangeFields.HoursOrdered, hours);
        if (draft.Deadline is { } deadline)
            IntakeRules.Deadline(errors, ReferralChangeFields.Deadline, deadline, today);

        var unreadable = errors.All.ContainsKey(ReferralChangeFields.HoursOrdered) || errors.All.ContainsKey(ReferralChangeFields.Deadline);
        if (draft.HoursOrdered is null && draft.Deadline is null && !unreadable)
        {
            const string message = "Stunden (hoursOrdered) oder Frist (deadline) angeben, oder beides; ohne beides ist es keine Änderung.";
            errors.Add(ReferralChangeFields.HoursOrdered, message);
            errors.Add(ReferralChangeFields.Deadline, message);
        }

        if (IntakeRules.Present(errors, ReferralChangeFields.CourtDecisionDate, draft.CourtDecisionDate))
            IntakeRules.PastEvent(errors, ReferralChangeFields.CourtDecisionDate, draft.CourtDecisionDate!.Value, today, "Das Datum der Gerichtsentscheidung");
    }

    private static void CheckWithdrawal(ReferralChangeDraft draft, FieldErrors errors, DateOnly today)
    {
        IntakeRules.Code(errors, ReferralChangeFields.ReasonCode, draft.ReasonCode?.Trim(), WithdrawalReasonCodes.All);
        if (IntakeRules.Present(errors, ReferralChangeFields.EffectiveDate, draft.EffectiveDate))
            IntakeRules.PlausibleDate(errors, ReferralChangeFields.EffectiveDate, draft.EffectiveDate!.Value, today, "Das Datum, ab dem die Beendigung gilt,");
    }

    private static string Text(decimal? value) => value?.ToString("0.############################", CultureInfo.InvariantCulture) ?? "";

    private static string Text(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>Ids of changes, derived from what they say, so the same change is recognised however and however often it arrives.</summary>
internal static class ReferralChangeIds
{
    /// <summary>
    /// A version-8 UUID from the SHA-256 of <c>kind|referralId|value|…</c> (numbers without trailing zeros,
    /// ISO dates): an amendment read again after a crash, dropped twice, or sent once by file and once
    /// over HTTP gets the same id and is sent once.
    /// </summary>
    public static Guid Derive(string kind, Guid referralId, params string[] values) =>
        DerivedId.Of(Encoding.UTF8.GetBytes(string.Join('|', [kind, referralId.ToString("D"), .. values])));
}
