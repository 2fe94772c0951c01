using System.Text;
using System.Text.Json.Nodes;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

public class JsonReferralValidationTests
{
    private readonly TestIntake _intake = new();

    [Fact]
    public void A_complete_referral_becomes_a_SubmitReferral_from_this_agency_to_the_named_provider()
    {
        var id = Guid.Parse("3f2b8c1e-6a4d-4f0e-9b7a-2c5d8e1f4a60");
        var json = TestReferrals.Json();
        json["referralId"] = id.ToString();

        var (message, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.NotNull(message);
        Assert.Equal(id, message.ReferralId);
        Assert.Equal("ja-nordhausen", message.SenderAgencyId);
        Assert.Equal("horizont-ev", message.ReceiverAgencyId);
        Assert.Equal("JGH-2026-0815", message.FileReference);
        Assert.Equal(LegalBasisCodes.Jgg10, message.LegalBasis);
        Assert.Equal(40m, message.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 6, 30), message.Deadline);
        Assert.True(message.ConsequencesExplained);
        Assert.Equal(TestReferrals.GivenName, message.YoungPerson!.GivenName);
        Assert.Equal(TestReferrals.FamilyName, message.YoungPerson.FamilyName);
        Assert.Equal(new DateOnly(2006, 3, 14), message.YoungPerson.DateOfBirth);
        Assert.Equal(TestReferrals.Email, message.YoungPerson.Email);
        Assert.Null(message.YoungPerson.Guardian);
        Assert.Equal(["SCHOOL_HOURS", "NO_ANIMALS"], message.WorkConstraints);
        Assert.Equal("Vormittags Berufsschule.", message.Note);
        Assert.Equal("Petra Sachbearbeiterin", message.Caseworker!.Name);
        Assert.Equal(TestReferrals.Now, message.SubmittedAt);
    }

    [Fact]
    public void A_referral_with_only_the_required_fields_is_accepted()
    {
        var json = TestReferrals.Json();
        json.Remove("workConstraints");
        json.Remove("note");
        var person = json["youngPerson"]!.AsObject();
        person.Remove("phone");
        person.Remove("email");
        person.Remove("address");
        var caseworker = json["caseworker"]!.AsObject();
        caseworker.Remove("phone");
        caseworker.Remove("email");

        var (message, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.Empty(message!.WorkConstraints);
        Assert.Null(message.Note);
    }

    [Fact]
    public void Unknown_provider_is_refused_naming_the_known_providers()
    {
        var json = TestReferrals.Json();
        json["providerId"] = "sonnenschein-ev";

        var (message, errors) = _intake.Json(json);

        Assert.Null(message);
        errors.AssertError("providerId", "Bekannt: brueckenbau-ev, horizont-ev");
    }

    [Fact]
    public void A_jugendamt_named_as_provider_is_an_unknown_provider()
    {
        var json = TestReferrals.Json();
        json["providerId"] = "ja-kyffhaeuser";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("providerId", "Unbekannter Träger");
    }

    [Fact]
    public void A_referral_for_another_jugendamt_is_refused()
    {
        var json = TestReferrals.Json();
        json["jugendamtId"] = "ja-kyffhaeuser";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("jugendamtId", "hier ist 'ja-nordhausen'");
    }

    [Fact]
    public void Unknown_legal_basis_is_refused_listing_the_allowed_codes()
    {
        var json = TestReferrals.Json();
        json["legalBasis"] = "JGG_99";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("legalBasis", "Erlaubt: JGG_10, JGG_15, JGG_45, JGG_47, OWIG_98");
    }

    [Fact]
    public void Unknown_work_constraint_is_refused_naming_its_position_and_the_allowed_codes()
    {
        var json = TestReferrals.Json();
        json["workConstraints"] = new JsonArray("SCHOOL_HOURS", "NIGHTS_ONLY");

        var (_, errors) = _intake.Json(json);

        errors.AssertError("workConstraints[1]", "Erlaubt: SCHOOL_HOURS, WORK_HOURS, NO_HEAVY_LIFTING, NO_ANIMALS, ACCESSIBILITY, OTHER");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(-8)]
    [InlineData(300.5)]
    [InlineData(301)]
    public void Hours_outside_1_to_300_are_refused(double hours)
    {
        var json = TestReferrals.Json();
        json["hoursOrdered"] = (decimal)hours;

        var (_, errors) = _intake.Json(json);

        errors.AssertError("hoursOrdered", "zwischen 1 und 300");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7.5)]
    [InlineData(300)]
    public void Hours_from_1_to_300_are_accepted(double hours)
    {
        var json = TestReferrals.Json();
        json["hoursOrdered"] = (decimal)hours;

        var (message, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.Equal((decimal)hours, message!.HoursOrdered);
    }

    [Fact]
    public void Hours_as_text_are_a_type_error_not_a_missing_field()
    {
        var json = TestReferrals.Json();
        json["hoursOrdered"] = "40";

        var (_, errors) = _intake.Json(json);

        var messages = errors.AssertError("hoursOrdered", "Erwartet wird eine Zahl");
        Assert.Single(messages);
    }

    [Fact]
    public void Deadline_in_the_past_is_refused()
    {
        var json = TestReferrals.Json();
        json["deadline"] = "2026-11-30";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("deadline", "Vergangenheit");
    }

    [Fact]
    public void Deadline_today_is_accepted()
    {
        var json = TestReferrals.Json();
        json["deadline"] = "2026-12-01";

        var (_, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
    }

    [Fact]
    public void Today_is_the_German_date_even_when_it_is_still_yesterday_in_UTC()
    {
        var lateEvening = new TestIntake(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero)); // 00:30 on 1 Dec in Germany
        var json = TestReferrals.Json();
        json["deadline"] = "2026-11-30";

        var (_, errors) = lateEvening.Json(json);

        errors.AssertError("deadline", "heute ist der 01.12.2026");
    }

    [Fact]
    public void A_minor_without_guardian_is_refused_on_youngPerson_guardian()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = TestReferrals.MinorBirthDate;

        var (message, errors) = _intake.Json(json);

        Assert.Null(message);
        errors.AssertError("youngPerson.guardian", "Minderjährige");
    }

    [Fact]
    public void A_minor_with_guardian_is_accepted_and_the_guardian_is_handed_over()
    {
        var (message, errors) = _intake.Json(TestReferrals.MinorJson());

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.Equal("Maria Beispielfrau", message!.YoungPerson!.Guardian!.Name);
    }

    [Fact]
    public void A_guardian_without_name_is_refused()
    {
        var json = TestReferrals.MinorJson();
        json["youngPerson"]!["guardian"]!.AsObject().Remove("name");

        var (_, errors) = _intake.Json(json);

        errors.AssertError("youngPerson.guardian.name", "Pflichtfeld fehlt");
    }

    [Fact]
    public void Someone_turning_18_today_needs_no_guardian()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = "2008-12-01";

        var (_, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
    }

    [Fact]
    public void Someone_turning_18_tomorrow_needs_a_guardian()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = "2008-12-02";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("youngPerson.guardian");
    }

    [Fact]
    public void A_note_over_500_characters_is_refused()
    {
        var json = TestReferrals.Json();
        json["note"] = new string('x', 501);

        var (_, errors) = _intake.Json(json);

        errors.AssertError("note", "Höchstens 500 Zeichen");
    }

    [Fact]
    public void A_note_of_500_characters_is_accepted()
    {
        var json = TestReferrals.Json();
        json["note"] = new string('x', 500);

        var (_, errors) = _intake.Json(json);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
    }

    [Theory]
    [InlineData("jugendamtId")]
    [InlineData("providerId")]
    [InlineData("fileReference")]
    [InlineData("legalBasis")]
    [InlineData("hoursOrdered")]
    [InlineData("deadline")]
    [InlineData("consequencesExplained")]
    [InlineData("youngPerson")]
    [InlineData("youngPerson.givenName")]
    [InlineData("youngPerson.familyName")]
    [InlineData("youngPerson.dateOfBirth")]
    [InlineData("caseworker")]
    [InlineData("caseworker.name")]
    public void A_missing_required_field_is_named(string field)
    {
        var json = TestReferrals.Json();
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            json.Remove(field);
        else
            json[field[..dot]]!.AsObject().Remove(field[(dot + 1)..]);

        var (message, errors) = _intake.Json(json);

        Assert.Null(message);
        errors.AssertError(field, "Pflichtfeld fehlt");
    }

    [Fact]
    public void A_blank_required_text_counts_as_missing()
    {
        var json = TestReferrals.Json();
        json["fileReference"] = "   ";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("fileReference", "Pflichtfeld fehlt");
    }

    [Fact]
    public void Malformed_json_is_refused_with_line_and_position()
    {
        var (message, errors) = _intake.Json("{\n  \"jugendamtId\": \"ja-nordhausen\",\n  \"providerId\" \"horizont-ev\"\n}");

        Assert.Null(message);
        errors.AssertError("$", "Kein gültiges JSON (Zeile 3, Position");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void An_empty_file_is_refused(string content)
    {
        var (message, errors) = _intake.Json(content);

        Assert.Null(message);
        errors.AssertError("$", "Leer");
    }

    [Fact]
    public void A_file_with_only_a_byte_order_mark_is_empty()
    {
        var (_, errors) = _intake.Json([0xEF, 0xBB, 0xBF]);

        errors.AssertError("$", "Leer");
    }

    [Fact]
    public void A_json_array_is_refused_one_referral_per_file()
    {
        var (_, errors) = _intake.Json(new JsonArray(TestReferrals.Json()));

        errors.AssertError("$", "genau einer Zuweisung");
    }

    [Theory]
    [InlineData("deadline", "30.06.2027")]
    [InlineData("deadline", "2027/06/30")]
    [InlineData("deadline", "2027-6-30")]
    [InlineData("deadline", "2027-02-30")]
    [InlineData("youngPerson.dateOfBirth", "14.03.2006")]
    public void A_date_that_is_not_an_iso_date_is_refused_in_json(string field, string value)
    {
        var json = TestReferrals.Json();
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            json[field] = value;
        else
            json[field[..dot]]![field[(dot + 1)..]] = value;

        var (_, errors) = _intake.Json(json);

        errors.AssertError(field, "JJJJ-MM-TT");
    }

    [Fact]
    public void A_date_of_birth_in_the_future_is_refused()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = "2027-01-01";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("youngPerson.dateOfBirth", "14 bis 25 Jahre am Tag der Zuweisung");
    }

    [Fact]
    public void A_json_file_with_a_byte_order_mark_is_read()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. TestReferrals.Bytes(TestReferrals.Json())];

        var (message, errors) = _intake.Json(content);

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.NotNull(message);
    }

    [Fact]
    public void An_unknown_field_is_refused_so_that_a_typo_cannot_drop_data()
    {
        var json = TestReferrals.MinorJson();
        var guardian = json["youngPerson"]!["guardian"]!.DeepClone();
        json["youngPerson"]!.AsObject().Remove("guardian");
        json["youngPerson"]!["guardain"] = guardian;

        var (_, errors) = _intake.Json(json);

        errors.AssertError("youngPerson.guardain", "Unbekanntes Feld");
        errors.AssertError("youngPerson.guardian", "Minderjährige");
    }

    [Theory]
    [InlineData("youngPerson")]
    [InlineData("caseworker")]
    public void An_object_of_the_wrong_type_is_one_error_on_that_field(string field)
    {
        var json = TestReferrals.Json();
        json[field] = "Lena";

        var (_, errors) = _intake.Json(json);

        Assert.Equal([field], errors.All.Keys);
        Assert.Contains("Objekt", errors.All[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_guardian_of_the_wrong_type_is_one_error_on_the_guardian()
    {
        var json = TestReferrals.MinorJson();
        json["youngPerson"]!["guardian"] = "Maria Beispielfrau";

        var (_, errors) = _intake.Json(json);

        Assert.Equal(["youngPerson.guardian"], errors.All.Keys);
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var text = TestReferrals.Json().ToJsonString().Replace("\"note\":", "\"note\":\"a\",\"note\":", StringComparison.Ordinal);

        var (_, errors) = _intake.Json(text);

        errors.AssertError("note", "mehrfach");
    }

    [Fact]
    public void An_invalid_referral_id_is_refused()
    {
        var json = TestReferrals.Json();
        json["referralId"] = "not-a-guid";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("referralId", "GUID");
    }

    [Fact]
    public void An_invalid_email_address_is_refused()
    {
        var json = TestReferrals.Json();
        json["caseworker"]!["email"] = "jgh at example.org";

        var (_, errors) = _intake.Json(json);

        errors.AssertError("caseworker.email", "E-Mail");
    }

    [Fact]
    public void Json_that_is_not_utf8_is_refused()
    {
        var latin1 = Encoding.Latin1.GetBytes(TestReferrals.Json().ToJsonString().Replace("Musterweg", "Müllerstraße", StringComparison.Ordinal));

        var (_, errors) = _intake.Json(latin1);

        errors.AssertError("$", "UTF-8");
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var json = TestReferrals.Json();
        json["providerId"] = "unbekannt";
        json["hoursOrdered"] = 500;
        json["deadline"] = "2020-01-01";
        json["youngPerson"]!["dateOfBirth"] = TestReferrals.MinorBirthDate;

        var (_, errors) = _intake.Json(json);

        Assert.Equal(["deadline", "hoursOrdered", "providerId", "youngPerson.guardian"], errors.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Error_messages_never_repeat_personal_data()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = "14.03.2006";
        json["youngPerson"]!["email"] = TestReferrals.GivenName + " at home";
        json["youngPerson"]!["phone"] = TestReferrals.FamilyName + new string('9', 60);
        json["youngPerson"]!["address"] = TestReferrals.FamilyName + new string(' ', 400) + "x";
        json["youngPerson"]!["unexpected"] = TestReferrals.GivenName;

        var (_, errors) = _intake.Json(json);

        Assert.True(errors.Any);
        foreach (var line in errors.Lines())
        {
            Assert.DoesNotContain(TestReferrals.GivenName, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestReferrals.FamilyName, line, StringComparison.Ordinal);
            Assert.DoesNotContain("14.03.2006", line, StringComparison.Ordinal);
        }
    }
}
