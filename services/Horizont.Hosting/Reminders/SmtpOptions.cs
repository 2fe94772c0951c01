using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Horizont.Hosting.Reminders;

/// <summary>How the SMTP connection is secured (MailKit's choices).</summary>
public enum SmtpSecurity
{
    /// <summary>
    /// In Development, or to a server on this machine: STARTTLS when the server offers it, else plain. Elsewhere
    /// STARTTLS required (<see cref="StartTls"/>): a relay that offers no TLS must be named with <see cref="None"/>.
    /// </summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Section <c>Smtp</c>: the mail server and who receives each team's reminders. Without a host, reminders are shown in the lists only.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Sender address, e.g. <c>Horizont &lt;horizont@horizont-ev.de&gt;</c>.</summary>
    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Per team (<see cref="ReminderTeams"/>): addresses separated by <c>;</c> or <c>,</c>.</summary>
    public Dictionary<string, string> Recipients { get; set; } = new(StringComparer.Ordinal);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IReadOnlyList<MailboxAddress> RecipientsOf(string team) =>
        Recipients.TryGetValue(team, out var list) ? Split(list).Select(MailboxAddress.Parse).ToList() : [];

    internal static IEnumerable<string> Split(string list) =>
        list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public static class SmtpRegistration
{
    /// <summary>
    /// The <c>Smtp</c> settings, checked at start: the general checks once per process, and that each of
    /// <paramref name="teams"/> (the teams this service writes to) has recipients once a mail server is set.
    /// </summary>
    public static IServiceCollection AddSmtp(this IServiceCollection services, IReadOnlyCollection<string> teams)
    {
        // Strict binding: an unknown key (a misspelt team section) stops the service instead of being ignored.
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section, o => o.ErrorOnUnknownConfiguration = true).ValidateOnStart()
            .PostConfigure<IServiceProvider>((smtp, sp) =>
            {
                // Secure by default (SecureTransportDefaults): a host without an environment (a bare test container) counts as Development.
                if (smtp.Security == SmtpSecurity.Auto && sp.GetService<IHostEnvironment>() is { } environment && !environment.IsDevelopment()
                    && !Data.SecureTransportDefaults.IsThisMachine(smtp.Host))
                    smtp.Security = SmtpSecurity.StartTls;
            });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, ValidateSmtpOptions>());
        services.AddSingleton<IValidateOptions<SmtpOptions>>(new RequireRecipients(teams));
        return services;
    }
}

/// <summary>Checks the SMTP settings at start: port, security, sender, and that every recipient is an address.</summary>
internal sealed class ValidateSmtpOptions : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
            failures.Add($"'{SmtpOptions.Section}:Port' must be between 1 and 65535, not {options.Port}.");
        if (!Enum.IsDefined(options.Security))
            failures.Add($"'{SmtpOptions.Section}:Security' must be one of {string.Join(", ", Enum.GetNames<SmtpSecurity>())}.");
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
            failures.Add($"'{SmtpOptions.Section}:From' must be a sender address when '{SmtpOptions.Section}:Host' is set.");
        foreach (var (team, list) in options.Recipients)
        {
            foreach (var address in SmtpOptions.Split(list))
            {
                if (!MailboxAddress.TryParse(address, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal))
                    failures.Add($"'{SmtpOptions.Section}:Recipients:{team}' holds '{address}', which is not an e-mail address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>With a mail server set, each team one service's enabled rules write to must have recipients (one per service: the all-in-one host has two).</summary>
internal sealed class RequireRecipients(IReadOnlyCollection<string> teams) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.IsConfigured)
            return ValidateOptionsResult.Success;
        var failures = teams
            .Where(team => !options.Recipients.TryGetValue(team, out var list) || !SmtpOptions.Split(list).Any())
            .Select(team => $"'{SmtpOptions.Section}:Recipients:{team}' must name at least one address: reminders of this service go to team {team}.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
