using Horizont.Messages;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>Events as horizont-ev sends them to ja-nordhausen; a test changes the field it is about.</summary>
internal static class TestEvents
{
    /// <summary>The provider's clock: a day after <see cref="TestReferrals.Now"/>.</summary>
    public static readonly DateTimeOffset At = new(2026, 12, 2, 8, 15, 30, 123, TimeSpan.Zero);

    public static readonly string[] AllTypes =
    [
        nameof(ReferralAccepted), nameof(ReferralDeclined), nameof(IntakeMeetingRecorded), nameof(PlacementArranged), nameof(HoursReported),
        nameof(NonComplianceReported), nameof(ExtensionRequested), nameof(ReferralCompleted), nameof(ReferralWithdrawalAcknowledged),
    ];

    /// <summary>One valid event of <paramref name="type"/> for the referral.</summary>
    public static object Of(string type, Guid referralId) => type switch
    {
        nameof(ReferralAccepted) => Accepted(referralId),
        nameof(ReferralDeclined) => Declined(referralId),
        nameof(IntakeMeetingRecorded) => Intake(referralId, IntakeOutcomeCodes.Scheduled),
        nameof(PlacementArranged) => Placement(referralId),
        nameof(HoursReported) => Hours(referralId, 12.5m),
        nameof(NonComplianceReported) => NonCompliance(referralId),
        nameof(ExtensionRequested) => Extension(referralId),
        nameof(ReferralCompleted) => Completed(referralId),
        nameof(ReferralWithdrawalAcknowledged) => Acknowledged(referralId, WithdrawalOutcomeCodes.Withdrawn, "Withdrawn"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static ReferralAccepted Accepted(Guid referralId) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        AcceptedAt = At,
    };

    public static ReferralDeclined Declined(Guid referralId, string reason = "NO_CAPACITY") => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        ReasonCode = reason,
        DeclinedAt = At,
    };

    public static IntakeMeetingRecorded Intake(Guid referralId, string outcome, DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        Outcome = outcome,
        MeetingDate = new DateOnly(2026, 12, 9),
        NextAppointment = outcome == IntakeOutcomeCodes.Held ? null : new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero),
        RecordedAt = at ?? At,
    };

    public static PlacementArranged Placement(Guid referralId, string category = "ENVIRONMENT", DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        Category = category,
        StartDate = new DateOnly(2026, 12, 14),
        ArrangedAt = at ?? At,
    };

    public static HoursReported Hours(Guid referralId, decimal hours, DateTimeOffset? at = null, params string[] flags) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        HoursCompleted = hours,
        LastShiftDate = new DateOnly(2026, 12, 1),
        Flags = flags,
        ReportedAt = at ?? At,
    };

    public static NonComplianceReported NonCompliance(Guid referralId, DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        ReasonCode = NonComplianceReasonCodes.UnexcusedAbsences,
        RemindedOn = [new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 6)],
        Recommendation = "Gespräch mit dem Jugendamt empfohlen.",
        HoursCompleted = 8,
        ReportedAt = at ?? At,
    };

    public static ExtensionRequested Extension(Guid referralId, DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        ReasonCode = ExtensionReasonCodes.Illness,
        ProposedDeadline = new DateOnly(2027, 8, 31),
        RequestedAt = at ?? At,
    };

    public static ReferralCompleted Completed(Guid referralId, DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        TotalHours = 40,
        CompletedOn = new DateOnly(2026, 12, 1),
        ReportedAt = at ?? At,
    };

    public static ReferralWithdrawalAcknowledged Acknowledged(Guid referralId, string outcome, string caseState, DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        Outcome = outcome,
        CaseState = caseState,
        EffectiveDate = new DateOnly(2026, 12, 1),
        AcknowledgedAt = at ?? At,
    };

    public static CaseFlagsChanged FlagsChanged(Guid referralId, DateTimeOffset? at = null, params string[] flags) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        Flags = flags,
        HoursCompleted = 12.5m,
        ChangedAt = at ?? At,
    };

    public static ReferralRefused Refused(Guid referralId, string refusedType = nameof(SubmitReferral), DateTimeOffset? at = null) => new()
    {
        ReferralId = referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        RefusedMessageType = refusedType,
        RefusedMessageId = Guid.Parse("0b7e1c2a-0000-4000-8000-000000000001"),
        ReasonCode = RefusalReasonCodes.InvalidContent,
        Fields = ["youngPerson.dateOfBirth"],
        Reason = "youngPerson.dateOfBirth: the person is not between 14 and 25 years old.",
        RefusedAt = at ?? At,
    };
}
