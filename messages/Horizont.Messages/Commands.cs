namespace Horizont.Messages;

/// <summary>
/// Zuweisung: the Jugendamt hands a referral for court-ordered work over to one named provider.
/// The only message that carries the young person's name and contact data: sealed, in <see cref="Sealed"/>.
/// </summary>
public record SubmitReferral : ISealedMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>The Jugendamt's own file reference (Aktenzeichen). Sealed on the wire (absent there), like the person it leads to.</summary>
    public string? FileReference { get; init; }
    /// <summary>Sealed on the wire (absent there); set once the receiver has opened <see cref="Sealed"/>.</summary>
    public YoungPerson? YoungPerson { get; init; }
    /// <summary>One of <see cref="LegalBasisCodes"/>.</summary>
    public required string LegalBasis { get; init; }
    public required decimal HoursOrdered { get; init; }
    public required DateOnly Deadline { get; init; }
    /// <summary>Whether the young person was told the consequences of not working the hours (Belehrung).</summary>
    public required bool ConsequencesExplained { get; init; }
    /// <summary>Codes from <see cref="WorkConstraintCodes"/>.</summary>
    public IReadOnlyList<string> WorkConstraints { get; init; } = [];
    /// <summary>A short note about the work constraints, at most 500 characters. Sealed on the wire.</summary>
    public string? Note { get; init; }
    /// <summary>Sealed on the wire (absent there); set once the receiver has opened <see cref="Sealed"/>.</summary>
    public ContactPerson? Caseworker { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary><see cref="FileReference"/>, <see cref="YoungPerson"/>, <see cref="Caseworker"/> and <see cref="Note"/>, encrypted for the provider.</summary>
    public SealedFields? Sealed { get; init; }
}

/// <summary>The young person a referral is about. Travels only inside <see cref="SubmitReferral"/>.</summary>
public record YoungPerson
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly DateOfBirth { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    /// <summary>Required when the young person is under 18 on the day of the referral.</summary>
    public Guardian? Guardian { get; init; }
}

public record Guardian
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
}

/// <summary>A member of staff the partner agency may contact about the referral.</summary>
public record ContactPerson
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>Änderung: after a court decision the hours and/or the deadline change.</summary>
public record AmendReferral : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    public decimal? HoursOrdered { get; init; }
    public DateOnly? Deadline { get; init; }
    public required DateOnly CourtDecisionDate { get; init; }
    public required DateTimeOffset AmendedAt { get; init; }
}

/// <summary>Beendigung: the referral ends without the hours being worked.</summary>
public record WithdrawReferral : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>One of <see cref="WithdrawalReasonCodes"/>.</summary>
    public required string ReasonCode { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset WithdrawnAt { get; init; }
}

/// <summary>
/// Löschung: the Jugendamt asks the provider to erase the personal data of an ended referral's case now (right to
/// erasure, Art. 17 GDPR), before the provider's own retention period is over. The provider keeps the case's skeleton
/// (ids, dates, hours, codes) and answers with <see cref="ReferralErased"/>.
/// </summary>
public record EraseReferral : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
