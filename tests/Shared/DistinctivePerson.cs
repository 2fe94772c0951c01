using Horizont.Messages;

namespace Horizont.Tests.Shared;

/// <summary>
/// A young person, her guardian and her caseworker with names, numbers and notes that no other text of a test run
/// holds: where one of <see cref="Values"/> appears, personal data has leaked (issue 14, "Logs").
/// </summary>
internal static class DistinctivePerson
{
    public const string GivenName = "Zephyrine";
    public const string FamilyName = "Quastenflosser";
    public const string DateOfBirth = "2009-02-27";
    public const string Phone = "0151 7777123";
    public const string Email = "zephyrine@quastenflosser.example";
    public const string Address = "Mondscheingasse 3, 99734 Nordhausen";
    public const string GuardianName = "Brunhilde Quastenflosser";
    public const string GuardianPhone = "0151 7777124";
    public const string CaseworkerName = "Xaverius Seidelbast";
    public const string CaseworkerPhone = "03631 911777";
    public const string CaseworkerEmail = "xaverius@seidelbast.example";
    public const string FileReferencePrefix = "JGH-SEELACHS-";
    public const string Note = "Nicht im Pusteblumenhof einsetzen (Sonnenblumenfeld)";

    /// <summary>Every personal value above, and the parts of each that name someone on their own (checked without regard to case).</summary>
    public static IReadOnlyList<string> Values { get; } =
    [
        GivenName, FamilyName, DateOfBirth, "27.02.2009", Phone, Email, "Mondscheingasse", "Brunhilde", GuardianPhone,
        "Xaverius", "Seidelbast", CaseworkerPhone, CaseworkerEmail, FileReferencePrefix, "Pusteblumenhof", "Sonnenblumenfeld",
    ];

    /// <summary>A referral for horizont-ev about her, as the Jugendamt sends it.</summary>
    public static SubmitReferral Referral(string fileReference, string legalBasis = "JGG_15") => new()
    {
        ReferralId = Guid.NewGuid(),
        SenderAgencyId = "ja-nordhausen",
        ReceiverAgencyId = "horizont-ev",
        FileReference = fileReference,
        YoungPerson = new YoungPerson
        {
            GivenName = GivenName,
            FamilyName = FamilyName,
            DateOfBirth = DateOnly.ParseExact(DateOfBirth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Phone = Phone,
            Email = Email,
            Address = Address,
            Guardian = new Guardian { Name = GuardianName, Phone = GuardianPhone },
        },
        LegalBasis = legalBasis,
        HoursOrdered = 40,
        Deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(70)),
        ConsequencesExplained = true,
        WorkConstraints = ["SCHOOL_HOURS"],
        Note = Note,
        Caseworker = new ContactPerson { Name = CaseworkerName, Phone = CaseworkerPhone, Email = CaseworkerEmail },
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Fails naming the place and the value when any of <paramref name="texts"/> shows one of <see cref="Values"/>.</summary>
    public static void AssertNothingShown(string where, IEnumerable<string> texts)
    {
        var all = texts.ToList();
        Assert.NotEmpty(all);
        foreach (var text in all)
        {
            foreach (var value in Values)
                Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} shows \"{value}\": {text}");
        }
    }
}
