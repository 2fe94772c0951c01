using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Reminders;

/// <summary>The settings of one rule (<c>Reminders__Rules__&lt;Rule&gt;__…</c>); what is not set keeps the catalogue's default.</summary>
public sealed class ReminderRuleOptions
{
    /// <summary>
    /// How long after the step that starts the rule it fires (<c>d.hh:mm:ss</c>); for rules counted from the
    /// deadline, how long before the deadline. With <see cref="ReminderCalendar.WorkingDays"/> the day part counts working days.
    /// </summary>
    public TimeSpan? After { get; set; }

    public ReminderCalendar? Calendar { get; set; }

    public bool? Enabled { get; set; }
}

/// <summary>Section <c>Reminders</c>: the sweep and every rule's threshold.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How often each service looks for due reminders (<c>d.hh:mm:ss</c>).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many due schedule entries one pass of the sweep takes at a time: one unit of work and one transaction. 500
    /// measured faster than 200 and 1,000 (docs/performance.md).
    /// </summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How many batches one pass raises at once on PostgreSQL, each in its own unit of work and connection, so that one
    /// batch is read and planned while another's statements run on the server. 0 (the default): one per processor, at
    /// least two and at most eight. SQLite writes one transaction at a time, so there the batches run one after the other.
    /// </summary>
    public int SweepParallelism { get; set; }

    /// <summary>Where staff open Horizont; the link in an e-mail is this plus the case's API path.</summary>
    public string LinkBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Per rule name (see <see cref="ReminderCatalogue"/>).</summary>
    public Dictionary<string, ReminderRuleOptions> Rules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A rule's settings with the catalogue's defaults filled in.</summary>
    public (TimeSpan After, ReminderCalendar Calendar, bool Enabled) For(ReminderRule rule)
    {
        var configured = Rules.GetValueOrDefault(rule.Name);
        return (configured?.After ?? rule.DefaultAfter, configured?.Calendar ?? rule.DefaultCalendar, configured?.Enabled ?? true);
    }
}

internal sealed class ValidateReminderOptions : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        if (options.SweepInterval <= TimeSpan.Zero)
            failures.Add($"'{ReminderOptions.Section}:{nameof(ReminderOptions.SweepInterval)}' must be positive (d.hh:mm:ss), not {options.SweepInterval}.");
        if (options.BatchSize is < 1 or > 10_000)
            failures.Add($"'{ReminderOptions.Section}:{nameof(ReminderOptions.BatchSize)}' must be between 1 and 10000, not {options.BatchSize}.");
        if (options.SweepParallelism is < 0 or > 64)
            failures.Add($"'{ReminderOptions.Section}:{nameof(ReminderOptions.SweepParallelism)}' must be between 0 (one per processor) and 64, not {options.SweepParallelism}.");
        if (!Uri.TryCreate(options.LinkBaseUrl, UriKind.Absolute, out var link) || link.Scheme is not ("http" or "https"))
            failures.Add($"'{ReminderOptions.Section}:{nameof(ReminderOptions.LinkBaseUrl)}' must be an absolute http(s) URL.");
        foreach (var (rule, settings) in options.Rules)
        {
            var key = $"{ReminderOptions.Section}:Rules:{rule}";
            if (!ReminderCatalogue.Names.Contains(rule))
            {
                failures.Add($"'{key}' is not a reminder rule; known rules: {string.Join(", ", ReminderCatalogue.Names)}.");
                continue;
            }

            if (settings.After < TimeSpan.Zero)
                failures.Add($"'{key}:After' must not be negative, not {settings.After}.");
            if (settings.Calendar is { } calendar && !Enum.IsDefined(calendar))
                failures.Add($"'{key}:Calendar' must be one of {string.Join(", ", Enum.GetNames<ReminderCalendar>())}.");
            if (rule == ReminderCatalogue.NonComplianceFollowUp && settings.After == TimeSpan.Zero)
                failures.Add($"'{key}:After' is the interval of a repeating follow-up and must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
