namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Wire names of the intake fields (camelCase paths, as in JSON) and the flat CSV column of each.
/// Errors always name the wire field; CSV error lines add the column.
/// </summary>
internal static class ReferralFields
{
    /// <summary>The input as a whole (file or request body) rather than one field.</summary>
    public const string Input = "$";

    public const string ReferralId = "referralId";
    public const string JugendamtId = "jugendamtId";
    public const string ProviderId = "providerId";
    public const string FileReference = "fileReference";
    public const string LegalBasis = "legalBasis";
    public const string HoursOrdered = "hoursOrdered";
    public const string Deadline = "deadline";
    public const string ConsequencesExplained = "consequencesExplained";
    public const string YoungPerson = "youngPerson";
    public const string GivenName = "youngPerson.givenName";
    public const string FamilyName = "youngPerson.familyName";
    public const string DateOfBirth = "youngPerson.dateOfBirth";
    public const string Phone = "youngPerson.phone";
    public const string Email = "youngPerson.email";
    public const string Address = "youngPerson.address";
    public const string Guardian = "youngPerson.guardian";
    public const string GuardianName = "youngPerson.guardian.name";
    public const string GuardianPhone = "youngPerson.guardian.phone";
    public const string WorkConstraints = "workConstraints";
    public const string Note = "note";
    public const string Caseworker = "caseworker";
    public const string CaseworkerName = "caseworker.name";
    public const string CaseworkerPhone = "caseworker.phone";
    public const string CaseworkerEmail = "caseworker.email";

    /// <summary>CSV column → wire field, in the documented column order.</summary>
    public static IReadOnlyList<(string Column, string Field, bool Required)> CsvColumns { get; } =
    [
        ("referralId", ReferralId, false),
        ("jugendamtId", JugendamtId, true),
        ("providerId", ProviderId, true),
        ("fileReference", FileReference, true),
        ("legalBasis", LegalBasis, true),
        ("hoursOrdered", HoursOrdered, true),
        ("deadline", Deadline, true),
        ("consequencesExplained", ConsequencesExplained, true),
        ("givenName", GivenName, true),
        ("familyName", FamilyName, true),
        ("dateOfBirth", DateOfBirth, true),
        ("phone", Phone, false),
        ("email", Email, false),
        ("address", Address, false),
        ("guardianName", GuardianName, false),
        ("guardianPhone", GuardianPhone, false),
        ("workConstraints", WorkConstraints, false),
        ("note", Note, false),
        ("caseworkerName", CaseworkerName, true),
        ("caseworkerPhone", CaseworkerPhone, false),
        ("caseworkerEmail", CaseworkerEmail, false),
    ];

    /// <summary>The CSV column(s) a wire field comes from, for error lines ("Spalte guardianName").</summary>
    public static string? CsvColumnsOf(string field)
    {
        if (field == Guardian)
            return "guardianName, guardianPhone";
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var plain = bracket < 0 ? field : field[..bracket];
        foreach (var (column, wire, _) in CsvColumns)
        {
            if (wire == plain)
                return column;
        }

        return null;
    }
}
