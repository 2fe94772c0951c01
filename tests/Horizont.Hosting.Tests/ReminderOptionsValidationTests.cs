using Horizont.Hosting.Reminders;
using Microsoft.Extensions.Configuration;

namespace Horizont.Hosting.Tests;

public sealed class ReminderOptionsValidationTests
{
    private static readonly ReminderRule ProviderUnanswered = ReminderCatalogue.Find(ReminderSide.Provider, ReminderCatalogue.UnansweredReferral);

    private static string Failure(ReminderOptions options)
    {
        var result = new ValidateReminderOptions().Validate(null, options);
        Assert.True(result.Failed);
        return result.FailureMessage;
    }

    private static string Failure(SmtpOptions options, params string[] teams)
    {
        var results = new[] { new ValidateSmtpOptions().Validate(null, options), new RequireRecipients(teams).Validate(null, options) };
        Assert.Contains(results, r => r.Failed);
        return string.Join("; ", results.Where(r => r.Failed).Select(r => r.FailureMessage));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void An_unknown_rule_name_fails_naming_its_key()
    {
        var options = new ReminderOptions { Rules = { ["UnansweredReferal"] = new ReminderRuleOptions { After = TimeSpan.FromDays(2) } } };

        var message = Failure(options);

        Assert.Contains("'Reminders:Rules:UnansweredReferal' is not a reminder rule", message, StringComparison.Ordinal);
        Assert.Contains("known rules: UnansweredReferral, ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_After_fails_naming_its_key()
    {
        var options = new ReminderOptions { Rules = { [ReminderCatalogue.IntakeMissed] = new ReminderRuleOptions { After = TimeSpan.FromDays(-1) } } };

        Assert.Contains("'Reminders:Rules:IntakeMissed:After' must not be negative", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_sweep_interval_fails_naming_its_key()
    {
        var options = new ReminderOptions { SweepInterval = TimeSpan.Zero };

        Assert.Contains("'Reminders:SweepInterval' must be positive", Failure(options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void A_sweep_parallelism_out_of_range_fails_naming_its_key(int parallelism)
    {
        var options = new ReminderOptions { SweepParallelism = parallelism };

        Assert.Contains($"'Reminders:SweepParallelism' must be between 0 (one per processor) and 64, not {parallelism}", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_repeating_every_zero_days_fails()
    {
        var options = new ReminderOptions { Rules = { [ReminderCatalogue.NonComplianceFollowUp] = new ReminderRuleOptions { After = TimeSpan.Zero } } };

        Assert.Contains("'Reminders:Rules:NonComplianceFollowUp:After' is the interval of a repeating follow-up", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_off_rule_with_zero_After_is_valid()
    {
        var options = new ReminderOptions { Rules = { [ReminderCatalogue.DeadlinePassed] = new ReminderRuleOptions { After = TimeSpan.Zero } } };

        Assert.True(new ValidateReminderOptions().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_relative_link_base_url_fails_naming_its_key()
    {
        var options = new ReminderOptions { LinkBaseUrl = "/horizont" };

        Assert.Contains("'Reminders:LinkBaseUrl' must be an absolute http(s) URL", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_configuration_succeeds()
    {
        var options = new ReminderOptions
        {
            SweepInterval = TimeSpan.FromSeconds(30),
            LinkBaseUrl = "https://horizont.example",
            Rules =
            {
                [ReminderCatalogue.UnansweredReferral] = new ReminderRuleOptions { After = TimeSpan.FromDays(2), Calendar = ReminderCalendar.WorkingDays },
                [ReminderCatalogue.NonComplianceFollowUp] = new ReminderRuleOptions { After = TimeSpan.FromDays(14) },
                [ReminderCatalogue.IntakeMissed] = new ReminderRuleOptions { Enabled = false },
            },
        };

        Assert.True(new ValidateReminderOptions().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Rule_settings_bind_from_configuration_and_the_rest_keeps_the_defaults()
    {
        var configuration = Configuration(new()
        {
            ["Reminders:Rules:UnansweredReferral:After"] = "0.00:00:10",
            ["Reminders:Rules:UnansweredReferral:Calendar"] = "CalendarDays",
            ["Reminders:Rules:IntakeMissed:Enabled"] = "false",
        });

        var options = configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>();

        Assert.NotNull(options);
        Assert.Equal((TimeSpan.FromSeconds(10), ReminderCalendar.CalendarDays, true), options.For(ProviderUnanswered));
        var intakeMissed = ReminderCatalogue.Find(ReminderSide.Provider, ReminderCatalogue.IntakeMissed);
        Assert.Equal((TimeSpan.FromDays(7), ReminderCalendar.CalendarDays, false), options.For(intakeMissed));
        var reportOverdue = ReminderCatalogue.Find(ReminderSide.Provider, ReminderCatalogue.ReportOverdue);
        Assert.Equal((TimeSpan.FromDays(5), ReminderCalendar.WorkingDays, true), options.For(reportOverdue));
        Assert.Equal(TimeSpan.FromMinutes(1), options.SweepInterval);
        Assert.True(new ValidateReminderOptions().Validate(null, options).Succeeded);
    }

    [Fact]
    public void An_ISO_duration_is_not_a_TimeSpan_and_strict_binding_names_the_key()
    {
        // The default binder silently drops a dictionary entry it cannot convert (the whole rule, Enabled included);
        // only ErrorOnUnknownConfiguration makes the bad value stop the service. See the report on ReminderRegistration.
        var configuration = Configuration(new()
        {
            ["Reminders:Rules:UnansweredReferral:After"] = "P14D",
            ["Reminders:Rules:UnansweredReferral:Enabled"] = "false",
        });

        var ex = Assert.Throws<InvalidOperationException>(
            () => configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>(b => b.ErrorOnUnknownConfiguration = true));

        var messages = string.Join(" | ", new[] { ex.Message, ex.InnerException?.Message });
        Assert.Contains("Reminders:Rules:UnansweredReferral:After", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_valid_section_binds_strictly()
    {
        var configuration = Configuration(new()
        {
            ["Reminders:SweepInterval"] = "00:00:30",
            ["Reminders:BatchSize"] = "50",
            ["Reminders:SweepParallelism"] = "3",
            ["Reminders:LinkBaseUrl"] = "https://horizont.example",
            ["Reminders:Rules:UnansweredReferral:After"] = "2.00:00:00",
            ["Reminders:Rules:UnansweredReferral:Calendar"] = "WorkingDays",
            ["Reminders:Rules:NonComplianceFollowUp:After"] = "14.00:00:00",
            ["Reminders:Rules:IntakeMissed:Enabled"] = "false",
        });

        var options = configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>(b => b.ErrorOnUnknownConfiguration = true);

        Assert.NotNull(options);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SweepInterval);
        Assert.Equal(50, options.BatchSize);
        Assert.Equal(3, options.SweepParallelism);
        Assert.Equal((TimeSpan.FromDays(2), ReminderCalendar.WorkingDays, true), options.For(ProviderUnanswered));
        Assert.Equal(3, options.Rules.Count);
    }

    [Fact]
    public void Smtp_without_a_host_needs_nothing_else()
    {
        var options = new SmtpOptions { From = null, Recipients = { ["ProviderIntake"] = "not-an-address" } };

        Assert.True(new ValidateSmtpOptions().Validate(null, options).Succeeded);
        Assert.True(new RequireRecipients([ReminderTeams.ProviderIntake, ReminderTeams.ProviderCasework]).Validate(null, options).Succeeded);
    }

    [Fact]
    public void Smtp_with_a_host_but_no_sender_fails_naming_From()
    {
        var options = new SmtpOptions { Host = "mail.example.org", Recipients = { [ReminderTeams.ProviderIntake] = "aufnahme@example.org" } };

        Assert.Contains("'Smtp:From' must be a sender address", Failure(options, ReminderTeams.ProviderIntake), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipient_that_is_not_an_address_fails_naming_its_team_key()
    {
        var options = new SmtpOptions
        {
            Host = "mail.example.org",
            From = "Horizont <horizont@example.org>",
            Recipients = { [ReminderTeams.ProviderCasework] = "fall@example.org; not-an-address" },
        };

        var message = Failure(options, ReminderTeams.ProviderCasework);

        Assert.Contains("'Smtp:Recipients:ProviderCasework' holds 'not-an-address', which is not an e-mail address", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'fall@example.org'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_the_service_writes_to_without_recipients_fails_naming_its_key()
    {
        var options = new SmtpOptions
        {
            Host = "mail.example.org",
            From = "Horizont <horizont@example.org>",
            Recipients = { [ReminderTeams.ProviderCasework] = "fall@example.org" },
        };

        var message = Failure(options, ReminderTeams.ProviderIntake, ReminderTeams.ProviderCasework);

        Assert.Contains("'Smtp:Recipients:ProviderIntake' must name at least one address", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Smtp:Recipients:ProviderCasework", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_with_only_separators_counts_as_missing()
    {
        var options = new SmtpOptions
        {
            Host = "mail.example.org",
            From = "horizont@example.org",
            Recipients = { [ReminderTeams.ProviderIntake] = " ; , " },
        };

        Assert.Contains("'Smtp:Recipients:ProviderIntake' must name at least one address", Failure(options, ReminderTeams.ProviderIntake), StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_smtp_configuration_succeeds()
    {
        var options = new SmtpOptions
        {
            Host = "mail.example.org",
            Port = 587,
            Security = SmtpSecurity.StartTls,
            From = "Horizont <horizont@example.org>",
            Recipients = { [ReminderTeams.ProviderIntake] = "aufnahme@example.org, leitung@example.org" },
        };

        Assert.True(new ValidateSmtpOptions().Validate(null, options).Succeeded);
        Assert.True(new RequireRecipients([ReminderTeams.ProviderIntake]).Validate(null, options).Succeeded);
        Assert.Equal(["aufnahme@example.org", "leitung@example.org"], options.RecipientsOf(ReminderTeams.ProviderIntake).Select(a => a.Address));
    }
}
