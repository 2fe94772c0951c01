using System.Text;
using System.Text.RegularExpressions;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

/// <summary>The examples in docs/intake.md are valid referrals and changes, so the documentation cannot drift from the code.</summary>
public class IntakeDocumentationTests
{
    [Theory]
    [InlineData("2026-01-05T09:00:00Z")]
    [InlineData("2027-05-31T09:00:00Z")]
    public void The_json_example_is_a_valid_referral_for_horizont_ev(string now)
    {
        var intake = new TestIntake(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var (message, errors) = intake.Json(Example("json"));

        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        Assert.Equal("horizont-ev", message!.ReceiverAgencyId);
        Assert.Equal(Guid.Parse("5b7c2e1a-9d34-4f6b-8a21-0c3e5f7a9b12"), message.ReferralId);
    }

    [Theory]
    [InlineData("2026-01-05T09:00:00Z")]
    [InlineData("2027-05-31T09:00:00Z")]
    public void The_csv_example_has_two_valid_rows(string now)
    {
        var intake = new TestIntake(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var (fileErrors, rows) = intake.Csv(Example("csv"));

        Assert.False(fileErrors.Any, string.Join(" | ", fileErrors.Lines()));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.False(r.Errors.Any, string.Join(" | ", r.Errors.Lines())));
        Assert.All(rows, r => Assert.Equal("horizont-ev", r.Message!.ReceiverAgencyId));
        Assert.NotNull(rows[1].Message!.YoungPerson!.Guardian);
    }

    [Theory]
    [InlineData("2027-01-12T09:00:00Z")]
    [InlineData("2027-06-30T09:00:00Z")]
    public void The_amendment_and_withdrawal_file_examples_are_valid_changes_of_the_example_referral(string now)
    {
        var intake = new TestIntake(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        var (amendment, amendmentErrors) = intake.ChangeFile(MarkedExample("amendment.json"));
        var (withdrawal, withdrawalErrors) = intake.ChangeFile(MarkedExample("withdrawal.json"));

        Assert.False(amendmentErrors.Any, string.Join(" | ", amendmentErrors.Lines()));
        Assert.False(withdrawalErrors.Any, string.Join(" | ", withdrawalErrors.Lines()));
        var amend = Assert.IsType<ValidAmendment>(amendment);
        Assert.Equal(Guid.Parse("5b7c2e1a-9d34-4f6b-8a21-0c3e5f7a9b12"), amend.ReferralId);
        Assert.Equal(30m, amend.HoursOrdered);
        Assert.Equal("MOVED_AWAY", Assert.IsType<ValidWithdrawal>(withdrawal).ReasonCode);
    }

    [Theory]
    [InlineData("amendments.csv", typeof(ValidAmendment))]
    [InlineData("withdrawals.csv", typeof(ValidWithdrawal))]
    public void The_csv_change_examples_have_two_valid_rows_of_their_kind(string file, Type kind)
    {
        var intake = new TestIntake(DateTimeOffset.Parse("2027-01-20T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var (fileErrors, rows) = intake.ChangeCsv(MarkedExample(file));

        Assert.False(fileErrors.Any, string.Join(" | ", fileErrors.Lines()));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.False(r.Errors.Any, string.Join(" | ", r.Errors.Lines())));
        Assert.All(rows, r => Assert.IsType(kind, r.Change));
    }

    [Theory]
    [InlineData("referral.json")]
    [InlineData("referrals.csv")]
    [InlineData("amendment.json")]
    [InlineData("withdrawal.json")]
    [InlineData("amendments.csv")]
    [InlineData("withdrawals.csv")]
    public void The_example_files_newcomers_copy_are_the_documented_examples(string file)
    {
        Assert.Equal(MarkedExample(file), File.ReadAllText(Path.Combine(ExamplesFolder(), file), Encoding.UTF8));
    }

    [Fact]
    public void Every_example_file_is_documented()
    {
        var documented = ExampleMarker().Matches(File.ReadAllText(FindDocument(), Encoding.UTF8)).Select(m => m.Groups["name"].Value);

        Assert.Equal(
            Directory.EnumerateFiles(ExamplesFolder()).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            documented.Order(StringComparer.Ordinal));
    }

    /// <summary>The fenced block right after <c>&lt;!-- example: NAME --&gt;</c>.</summary>
    private static string MarkedExample(string file)
    {
        var match = ExampleMarker().Matches(File.ReadAllText(FindDocument(), Encoding.UTF8)).SingleOrDefault(m => m.Groups["name"].Value == file);
        Assert.True(match is not null, $"docs/intake.md has no block marked <!-- example: {file} -->");
        return match.Groups["body"].Value;
    }

    private static Regex ExampleMarker() =>
        new("<!-- example: (?<name>[^ ]+) -->\n```\\w+\n(?<body>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string ExamplesFolder() => Path.Combine(Path.GetDirectoryName(FindDocument())!, "examples");

    private static string Example(string language)
    {
        var match = FencedBlock(language).Match(File.ReadAllText(FindDocument(), Encoding.UTF8));
        Assert.True(match.Success, $"docs/intake.md has no ```{language} block");
        return match.Groups["body"].Value;
    }

    private static Regex FencedBlock(string language) =>
        new($"```{language}\\n(?<body>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string FindDocument()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "intake.md");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException("docs/intake.md not found above " + AppContext.BaseDirectory);
    }
}
