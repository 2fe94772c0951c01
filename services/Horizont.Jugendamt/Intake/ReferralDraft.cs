namespace Horizont.Jugendamt.Intake;

/// <summary>One input from the case system before its rules are checked: a referral, an amendment or a withdrawal.</summary>
internal abstract class IntakeDraft
{
}

/// <summary>
/// A referral as read from a JSON file, a CSV row or a request body, before the rules are checked:
/// values that could not be read are null and already have an error. <see cref="ReferralValidator"/>
/// holds every rule, so the three channels cannot drift apart.
/// </summary>
internal sealed class ReferralDraft : IntakeDraft
{
    /// <summary>The referral id given in the input, if any.</summary>
    public Guid? ReferralId { get; set; }

    /// <summary>The id derived from the input's bytes, used when none was given.</summary>
    public required Guid DerivedReferralId { get; init; }

    public string? JugendamtId { get; set; }
    public string? ProviderId { get; set; }
    public string? FileReference { get; set; }
    public string? LegalBasis { get; set; }
    public decimal? HoursOrdered { get; set; }
    public DateOnly? Deadline { get; set; }
    public bool? ConsequencesExplained { get; set; }

    /// <summary>False when a JSON input has no <c>youngPerson</c> object at all.</summary>
    public bool HasYoungPerson { get; set; } = true;
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }

    public bool HasGuardian { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianPhone { get; set; }

    public IReadOnlyList<string> WorkConstraints { get; set; } = [];
    public string? Note { get; set; }

    /// <summary>False when a JSON input has no <c>caseworker</c> object at all.</summary>
    public bool HasCaseworker { get; set; } = true;
    public string? CaseworkerName { get; set; }
    public string? CaseworkerPhone { get; set; }
    public string? CaseworkerEmail { get; set; }
}
