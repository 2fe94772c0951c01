using System.Globalization;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>Reminder e-mails in a test: the settings that send every team's reminders to a local SMTP server (netDumbster).</summary>
public static class ReminderMail
{
    /// <summary>The address of the provider's intake team, which the unanswered-referral reminders go to.</summary>
    public const string ProviderIntake = "aufnahme@horizont-ev.example";

    /// <summary>
    /// Adds the <c>Smtp</c> settings to <paramref name="settings"/>: the server on 127.0.0.1:<paramref name="port"/> without
    /// TLS, a sender, and an address for each team of both sides. Returns <paramref name="settings"/>.
    /// </summary>
    public static Dictionary<string, string?> AddTo(Dictionary<string, string?> settings, int port)
    {
        settings["Smtp:Host"] = "127.0.0.1";
        settings["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture);
        settings["Smtp:Security"] = "None";
        settings["Smtp:From"] = "Horizont <horizont@horizont-ev.example>";
        settings["Smtp:Recipients:ProviderIntake"] = ProviderIntake;
        settings["Smtp:Recipients:ProviderCasework"] = "fallarbeit@horizont-ev.example";
        settings["Smtp:Recipients:ProviderTeamLead"] = "leitung@horizont-ev.example";
        settings["Smtp:Recipients:JugendamtCasework"] = "jgh@ja-nordhausen.example";
        return settings;
    }
}
