using Horizont.Hosting.Reminders;

namespace Horizont.Hosting.Tests;

/// <summary>docs/reminders.md is the operators' list of rules: it must say what the code does.</summary>
public sealed class ReminderDocumentationTests
{
    public static TheoryData<ReminderSide, string> Rules()
    {
        var data = new TheoryData<ReminderSide, string>();
        foreach (var rule in ReminderCatalogue.Provider.Concat(ReminderCatalogue.Jugendamt))
            data.Add(rule.Side, rule.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_rule_is_documented_with_its_default_calendar_and_team(ReminderSide side, string name)
    {
        var rule = ReminderCatalogue.Find(side, name);
        var sideLabel = side == ReminderSide.Provider ? "provider" : "Jugendamt";
        var row = Assert.Single(File.ReadAllLines(DocumentPath()), line => line.StartsWith($"| {sideLabel} | `{name}`", StringComparison.Ordinal));

        Assert.Contains($"`{rule.DefaultAfter.Days}.{rule.DefaultAfter:hh\\:mm\\:ss}`", row, StringComparison.Ordinal);
        Assert.Contains($"| `{rule.DefaultCalendar}` |", row, StringComparison.Ordinal);
        Assert.Contains($"`{rule.Team}`", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_team_has_its_recipient_setting_documented()
    {
        var text = File.ReadAllText(DocumentPath());
        foreach (var team in ReminderCatalogue.Provider.Concat(ReminderCatalogue.Jugendamt).Select(r => r.Team).Distinct())
            Assert.Contains($"`{team}`", text, StringComparison.Ordinal);
        Assert.Contains("Smtp__Recipients__<Team>", text, StringComparison.Ordinal);
    }

    private static string DocumentPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Horizont.sln")))
            directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Horizont.sln not found."), "docs", "reminders.md");
    }
}
