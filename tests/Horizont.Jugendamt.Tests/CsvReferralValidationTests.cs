using System.Text;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

public class CsvReferralValidationTests
{
    private readonly TestIntake _intake = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_valid_rows_become_two_referrals_with_or_without_byte_order_mark(bool byteOrderMark)
    {
        var minor = TestReferrals.CsvRow("JGH-2026-0816");
        minor["dateOfBirth"] = "2010-05-02";
        minor["guardianName"] = "Maria Beispielfrau";
        minor["guardianPhone"] = "+49 3631 654321";

        var (fileErrors, rows) = _intake.Csv(TestReferrals.Csv(TestReferrals.CsvRow(), minor), byteOrderMark);

        Assert.False(fileErrors.Any, string.Join(" | ", fileErrors.Lines()));
        Assert.Equal([2, 3], rows.Select(r => r.Row));
        Assert.All(rows, r => Assert.False(r.Errors.Any, string.Join(" | ", r.Errors.Lines())));
        var adult = rows[0].Message!;
        Assert.Equal("JGH-2026-0815", adult.FileReference);
        Assert.Equal("JGG_15", adult.LegalBasis);
        Assert.Equal(30m, adult.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 6, 30), adult.Deadline);
        Assert.True(adult.ConsequencesExplained);
        Assert.Equal(new DateOnly(2006, 3, 14), adult.YoungPerson!.DateOfBirth);
        Assert.Equal(["SCHOOL_HOURS", "NO_HEAVY_LIFTING"], adult.WorkConstraints);
        Assert.Equal("Petra Sachbearbeiterin", adult.Caseworker!.Name);
        Assert.Equal("Maria Beispielfrau", rows[1].Message!.YoungPerson!.Guardian!.Name);
    }

    [Theory]
    [InlineData("2027-02-15")]
    [InlineData("15.02.2027")]
    [InlineData("5.2.2027")]
    public void Dates_may_be_iso_or_german(string deadline)
    {
        var row = TestReferrals.CsvRow();
        row["deadline"] = deadline;

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        Assert.Equal(deadline == "5.2.2027" ? new DateOnly(2027, 2, 5) : new DateOnly(2027, 2, 15), rows[0].Message!.Deadline);
    }

    [Theory]
    [InlineData("deadline", "2027/02/15")]
    [InlineData("deadline", "02/15/2027")]
    [InlineData("deadline", "15.02.27")]
    [InlineData("dateOfBirth", "31.02.2006")]
    public void A_wrong_date_format_is_refused_naming_row_and_field(string column, string value)
    {
        var row = TestReferrals.CsvRow();
        row[column] = value;

        var (_, rows) = _intake.Csv(TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), row));

        Assert.Null(rows[1].Message);
        Assert.Equal(3, rows[1].Row);
        rows[1].Errors.AssertError(column == "deadline" ? "deadline" : "youngPerson.dateOfBirth", "TT.MM.JJJJ");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("ja", true)]
    [InlineData("NEIN", false)]
    public void ConsequencesExplained_is_true_false_ja_or_nein(string text, bool expected)
    {
        var row = TestReferrals.CsvRow();
        row["consequencesExplained"] = text;

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        Assert.Equal(expected, rows[0].Message!.ConsequencesExplained);
    }

    [Fact]
    public void ConsequencesExplained_refuses_other_words()
    {
        var row = TestReferrals.CsvRow();
        row["consequencesExplained"] = "yes";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("consequencesExplained", "true, false, ja, nein");
    }

    [Theory]
    [InlineData("12,5", 12.5)]
    [InlineData("12.5", 12.5)]
    [InlineData("40", 40)]
    public void Hours_may_have_a_decimal_comma_or_point(string text, double expected)
    {
        var row = TestReferrals.CsvRow();
        row["hoursOrdered"] = text;

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        Assert.Equal((decimal)expected, rows[0].Message!.HoursOrdered);
    }

    [Theory]
    [InlineData("vierzig")]
    [InlineData("1.000,5")]
    public void Hours_that_are_not_a_number_are_refused(string text)
    {
        var row = TestReferrals.CsvRow();
        row["hoursOrdered"] = text;

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        var messages = rows[0].Errors.AssertError("hoursOrdered", "Keine Zahl");
        Assert.Single(messages);
    }

    [Fact]
    public void Hours_outside_1_to_300_are_refused()
    {
        var row = TestReferrals.CsvRow();
        row["hoursOrdered"] = "301";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("hoursOrdered", "zwischen 1 und 300");
    }

    [Fact]
    public void Work_constraints_are_codes_separated_by_commas()
    {
        var row = TestReferrals.CsvRow();
        row["workConstraints"] = " WORK_HOURS , ACCESSIBILITY,";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        Assert.Equal(["WORK_HOURS", "ACCESSIBILITY"], rows[0].Message!.WorkConstraints);
    }

    [Fact]
    public void An_unknown_work_constraint_is_refused_listing_the_allowed_codes()
    {
        var row = TestReferrals.CsvRow();
        row["workConstraints"] = "SCHOOL_HOURS,NIGHTS";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("workConstraints[1]", "Erlaubt: SCHOOL_HOURS");
    }

    [Fact]
    public void Unknown_provider_unknown_legal_basis_and_other_jugendamt_are_refused_as_in_json()
    {
        var row = TestReferrals.CsvRow();
        row["providerId"] = "sonnenschein-ev";
        row["legalBasis"] = "STGB_1";
        row["jugendamtId"] = "ja-kyffhaeuser";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("providerId", "Unbekannter Träger");
        rows[0].Errors.AssertError("legalBasis", "Erlaubt: JGG_10");
        rows[0].Errors.AssertError("jugendamtId", "ja-nordhausen");
    }

    [Fact]
    public void A_deadline_in_the_past_is_refused()
    {
        var row = TestReferrals.CsvRow();
        row["deadline"] = "30.11.2026";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("deadline", "Vergangenheit");
    }

    [Fact]
    public void A_minor_without_guardian_is_refused_on_youngPerson_guardian()
    {
        var row = TestReferrals.CsvRow();
        row["dateOfBirth"] = "02.05.2010";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("youngPerson.guardian", "Minderjährige");
    }

    [Fact]
    public void A_guardian_phone_without_guardian_name_is_refused()
    {
        var row = TestReferrals.CsvRow();
        row["dateOfBirth"] = "02.05.2010";
        row["guardianPhone"] = "+49 3631 654321";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("youngPerson.guardian.name", "Pflichtfeld fehlt");
    }

    [Fact]
    public void A_note_over_500_characters_is_refused()
    {
        var row = TestReferrals.CsvRow();
        row["note"] = new string('x', 501);

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("note", "Höchstens 500");
    }

    [Fact]
    public void An_empty_required_cell_is_named_by_its_wire_field()
    {
        var row = TestReferrals.CsvRow();
        row["caseworkerName"] = "";
        row["givenName"] = " ";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        rows[0].Errors.AssertError("caseworker.name", "Pflichtfeld fehlt");
        rows[0].Errors.AssertError("youngPerson.givenName", "Pflichtfeld fehlt");
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_optional_ones_may_be_left_out()
    {
        const string csv = "providerId;jugendamtId;fileReference;legalBasis;hoursOrdered;deadline;consequencesExplained;familyName;givenName;dateOfBirth;caseworkerName\n"
            + "horizont-ev;ja-nordhausen;JGH-7;OWIG_98;8;2027-03-31;nein;Beispielfrau;Lena;2006-03-14;Petra Sachbearbeiterin\n";

        var (fileErrors, rows) = _intake.Csv(csv);

        Assert.False(fileErrors.Any);
        Assert.Equal("Lena", rows[0].Message!.YoungPerson!.GivenName);
        Assert.False(rows[0].Message!.ConsequencesExplained);
    }

    [Fact]
    public void An_unknown_column_makes_the_whole_file_unreadable()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow()).Replace("caseworkerEmail", "caseworkerMail", StringComparison.Ordinal);

        var (fileErrors, rows) = _intake.Csv(csv);

        fileErrors.AssertError("$", "Unbekannte Spalte (Nr. 21 der Kopfzeile)");
        Assert.DoesNotContain(fileErrors.Lines(), l => l.Contains("caseworkerMail", StringComparison.Ordinal));
        Assert.Empty(rows);
    }

    [Fact]
    public void A_file_without_header_is_refused_without_repeating_the_first_rows_personal_data()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow(), TestReferrals.CsvRow("JGH-2026-0816"));
        var withoutHeader = csv[(csv.IndexOf('\n', StringComparison.Ordinal) + 1)..];

        var (fileErrors, rows) = _intake.Csv(withoutHeader);

        fileErrors.AssertError("$", "keine Kopfzeile");
        Assert.Empty(rows);
        foreach (var line in fileErrors.Lines())
        {
            Assert.DoesNotContain(TestReferrals.GivenName, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestReferrals.FamilyName, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestReferrals.Email, line, StringComparison.Ordinal);
            Assert.DoesNotContain("14.03.2006", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Musterweg", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_required_column_makes_the_whole_file_unreadable()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow()).Replace(";deadline;", ";frist;", StringComparison.Ordinal);

        var (fileErrors, _) = _intake.Csv(csv);

        fileErrors.AssertError("deadline", "Pflichtspalte 'deadline' fehlt");
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_named()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow("JGH-1")) + "a;b;c\n";

        var (_, rows) = _intake.Csv(csv);

        Assert.NotNull(rows[0].Message);
        Assert.Equal(3, rows[1].Row);
        rows[1].Errors.AssertError("$", "3 Felder");
    }

    [Fact]
    public void A_malformed_quote_is_named_with_its_row()
    {
        var bad = TestReferrals.CsvRow("JGH-2");
        bad["note"] = "sagt \"nein\" zu Tieren";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), bad));

        Assert.NotNull(rows[0].Message);
        Assert.Equal(3, rows[1].Row);
        rows[1].Errors.AssertError("$", "Anführungszeichen");
    }

    [Fact]
    public void A_quoted_field_may_contain_the_separator_and_quotes()
    {
        var row = TestReferrals.CsvRow();
        row["note"] = "\"Dienstags; donnerstags \"\"früh\"\"\"";

        var (_, rows) = _intake.Csv(TestReferrals.Csv(row));

        Assert.Equal("Dienstags; donnerstags \"früh\"", rows[0].Message!.Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_file_is_refused(string content)
    {
        var (fileErrors, rows) = _intake.Csv(content);

        fileErrors.AssertError("$", "Leer");
        Assert.Empty(rows);
    }

    [Fact]
    public void Rows_of_empty_cells_are_skipped()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow()) + new string(';', TestReferrals.CsvHeader.Length - 1) + "\n";

        var (_, rows) = _intake.Csv(csv);

        Assert.Single(rows);
    }

    [Fact]
    public void A_header_without_rows_is_refused()
    {
        var (fileErrors, _) = _intake.Csv(TestReferrals.Csv());

        fileErrors.AssertError("$", "nur die Kopfzeile");
    }

    [Fact]
    public void A_file_in_another_encoding_is_refused()
    {
        var latin1 = Encoding.Latin1.GetBytes(TestReferrals.Csv(TestReferrals.CsvRow()).Replace("Musterweg", "Müllerstraße", StringComparison.Ordinal));

        var (fileErrors, _) = _intake.Csv(latin1);

        fileErrors.AssertError("$", "UTF-8");
    }

    [Fact]
    public void Windows_line_ends_are_read()
    {
        var csv = TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), TestReferrals.CsvRow("JGH-2")).Replace("\n", "\r\n", StringComparison.Ordinal);

        var (_, rows) = _intake.Csv(csv);

        Assert.Equal(["JGH-1", "JGH-2"], rows.Select(r => r.Message!.FileReference));
    }
}
