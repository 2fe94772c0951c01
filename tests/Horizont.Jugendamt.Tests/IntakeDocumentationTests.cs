using System.Text;
using System.Text.RegularExpressions;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

/// <summary>The examples in docs/intake.md are valid referrals, so the documentation cannot drift from the code.</summary>
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
        Assert.NotNull(rows[1].Message!.YoungPerson.Guardian);
    }

    [Theory]
    [InlineData("json", "referral.json")]
    [InlineData("csv", "referrals.csv")]
    public void The_example_files_newcomers_copy_are_the_documented_examples(string language, string file)
    {
        var examples = Path.Combine(Path.GetDirectoryName(FindDocument())!, "examples");
        Assert.Equal(Example(language), File.ReadAllText(Path.Combine(examples, file), Encoding.UTF8));
    }

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
