using System.Text;
using System.Text.Json.Nodes;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>Valid referrals to start from; a test changes the one field it is about.</summary>
internal static class TestReferrals
{
    /// <summary>The tests' "now": 1 December 2026, 10:00 in Germany.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public const string GivenName = "Lena";
    public const string FamilyName = "Beispielfrau";
    public const string AdultBirthDate = "2006-03-14";
    public const string MinorBirthDate = "2010-05-02";
    public const string Email = "lena.beispielfrau@example.org";

    /// <summary>An adult referred to horizont-ev; every field filled.</summary>
    public static JsonObject Json() => new()
    {
        ["jugendamtId"] = "ja-nordhausen",
        ["providerId"] = "horizont-ev",
        ["fileReference"] = "JGH-2026-0815",
        ["legalBasis"] = "JGG_10",
        ["hoursOrdered"] = 40,
        ["deadline"] = "2027-06-30",
        ["consequencesExplained"] = true,
        ["youngPerson"] = new JsonObject
        {
            ["givenName"] = GivenName,
            ["familyName"] = FamilyName,
            ["dateOfBirth"] = AdultBirthDate,
            ["phone"] = "+49 3631 123456",
            ["email"] = Email,
            ["address"] = "Musterweg 1, 99734 Nordhausen",
        },
        ["workConstraints"] = new JsonArray("SCHOOL_HOURS", "NO_ANIMALS"),
        ["note"] = "Vormittags Berufsschule.",
        ["caseworker"] = new JsonObject
        {
            ["name"] = "Petra Sachbearbeiterin",
            ["phone"] = "+49 3631 911000",
            ["email"] = "jgh@example.org",
        },
    };

    /// <summary>A 16-year-old with a guardian.</summary>
    public static JsonObject MinorJson()
    {
        var json = Json();
        json["youngPerson"]!["dateOfBirth"] = MinorBirthDate;
        json["youngPerson"]!["guardian"] = new JsonObject { ["name"] = "Maria Beispielfrau", ["phone"] = "+49 3631 654321" };
        return json;
    }

    public static byte[] Bytes(JsonNode json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    /// <summary>The CSV columns in the documented order.</summary>
    public static readonly string[] CsvHeader =
    [
        "referralId", "jugendamtId", "providerId", "fileReference", "legalBasis", "hoursOrdered", "deadline", "consequencesExplained",
        "givenName", "familyName", "dateOfBirth", "phone", "email", "address", "guardianName", "guardianPhone",
        "workConstraints", "note", "caseworkerName", "caseworkerPhone", "caseworkerEmail",
    ];

    /// <summary>An adult referred to horizont-ev, as a CSV row.</summary>
    public static Dictionary<string, string> CsvRow(string fileReference = "JGH-2026-0815") => new()
    {
        ["referralId"] = "",
        ["jugendamtId"] = "ja-nordhausen",
        ["providerId"] = "horizont-ev",
        ["fileReference"] = fileReference,
        ["legalBasis"] = "JGG_15",
        ["hoursOrdered"] = "30",
        ["deadline"] = "30.06.2027",
        ["consequencesExplained"] = "ja",
        ["givenName"] = GivenName,
        ["familyName"] = FamilyName,
        ["dateOfBirth"] = "14.03.2006",
        ["phone"] = "+49 3631 123456",
        ["email"] = Email,
        ["address"] = "Musterweg 1, 99734 Nordhausen",
        ["guardianName"] = "",
        ["guardianPhone"] = "",
        ["workConstraints"] = "SCHOOL_HOURS,NO_HEAVY_LIFTING",
        ["note"] = "Dienstags nicht.",
        ["caseworkerName"] = "Petra Sachbearbeiterin",
        ["caseworkerPhone"] = "+49 3631 911000",
        ["caseworkerEmail"] = "jgh@example.org",
    };

    /// <summary>A CSV file with the full header and the given rows, <c>\n</c> line ends, no BOM.</summary>
    public static string Csv(params Dictionary<string, string>[] rows)
    {
        var text = new StringBuilder(string.Join(';', CsvHeader)).Append('\n');
        foreach (var row in rows)
            text.Append(string.Join(';', CsvHeader.Select(c => row.GetValueOrDefault(c, "")))).Append('\n');
        return text.ToString();
    }
}
