using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using Horizont.Operations.Provisioning;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary>
/// <c>horizont-ops provision-broker</c>: a RabbitMQ user per agency and one for operations, with the permissions of
/// ADR 0011, every queue and every route, derived from the partner directory; applied through the management API
/// (idempotent) or written as a definitions file. Passwords come from files, one per user, created when missing.
/// </summary>
internal static class ProvisionBrokerCommand
{
    public const string Name = "provision-broker";

    public const string ManagementUrlVariable = "HORIZONT_BROKER_MANAGEMENT_URL";

    public const string AdminUserVariable = "HORIZONT_BROKER_ADMIN_USER";

    /// <summary>The administrator's password: only from the environment, never an argument that <c>ps</c> would show.</summary>
    public const string AdminPasswordVariable = "HORIZONT_BROKER_ADMIN_PASSWORD";

    public const string DefaultOperationsUser = "horizont-betrieb";

    public const string Usage = """
        horizont-ops provision-broker – RabbitMQ für Horizont einrichten

        Aufruf: horizont-ops provision-broker --passwords <Ordner> [Optionen]

        Legt je Stelle des Partnerverzeichnisses einen RabbitMQ-Benutzer an, der nur
        die eigenen Queues lesen und nur an seine Partner schreiben darf, dazu einen
        Benutzer für den Betrieb, alle Queues (Quorum) und alle Wege. Mehrfach
        aufrufbar: was schon stimmt, bleibt.

        Optionen:
          --passwords <Ordner>    Je Benutzer eine Datei <Benutzer>.password; fehlende
                                  werden erzeugt (nur für den Eigentümer lesbar)
          --partners <Datei>      JSON mit "Partners": [...] wie in appsettings.json;
                                  Vorgabe: das eingebaute Partnerverzeichnis
          --vhost <Name>          Virtueller Host; Vorgabe: /
          --operations-user <Name>
                                  Benutzer des Betriebsdienstes; Vorgabe: horizont-betrieb
          --operations-queue <Name>
                                  Queue des Betriebsdienstes; Vorgabe: horizont-operations
          --management-url <Adresse>
                                  Management-API; Vorgabe: HORIZONT_BROKER_MANAGEMENT_URL,
                                  sonst http://localhost:15672
          --definitions <Datei>   Statt einzurichten eine Definitionsdatei für RabbitMQs
                                  load_definitions schreiben (docker-compose)

        Anmeldung an der Management-API (nicht für --definitions): ein Administrator in
        HORIZONT_BROKER_ADMIN_USER und HORIZONT_BROKER_ADMIN_PASSWORD.
        """;

    private static readonly string[] s_options = ["--passwords", "--partners", "--vhost", "--operations-user", "--operations-queue", "--management-url", "--definitions"];

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, HttpMessageHandler? handler, IAnsiConsole console, IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h" or "hilfe"))
        {
            console.Write(new Text(Usage + Environment.NewLine));
            return ExitCodes.Done;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!s_options.Contains(args[i]))
                return Wrong(console, $"Unbekannte Option oder Angabe „{args[i]}“.");
            if (i + 1 >= args.Count)
                return Wrong(console, $"Die Option {args[i]} braucht einen Wert.");
            if (!values.TryAdd(args[i], args[++i]))
                return Wrong(console, $"Die Option {args[i - 1]} ist mehrfach angegeben.");
        }

        if (!values.TryGetValue("--passwords", out var passwordFolder))
            return Wrong(console, "--passwords <Ordner> fehlt: dort liegen (oder entstehen) die Passwörter der Benutzer.");

        BrokerPlan plan;
        try
        {
            var partners = ReadPartners(values.GetValueOrDefault("--partners"));
            plan = BrokerPlan.For(partners, values.GetValueOrDefault("--operations-user") ?? DefaultOperationsUser,
                values.GetValueOrDefault("--operations-queue") ?? HeartbeatOptions.DefaultQueue);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or JsonException or InvalidOperationException)
        {
            return Wrong(console, ex.Message);
        }

        var vhost = values.GetValueOrDefault("--vhost") ?? "/";
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        var created = new List<string>();
        Directory.CreateDirectory(passwordFolder);
        foreach (var user in plan.Users)
        {
            var file = Path.Combine(passwordFolder, user.User + ".password");
            if (!File.Exists(file))
            {
                WriteSecret(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
                created.Add(file);
            }

            passwords[user.User] = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        }

        if (values.TryGetValue("--definitions", out var definitionsFile))
        {
            var json = BrokerProvisioning.Definitions(plan, vhost, passwords).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            await File.WriteAllTextAsync(definitionsFile, json + Environment.NewLine, cancellationToken);
            Report(console, plan, vhost, created, $"Definitionsdatei {definitionsFile} geschrieben");
            return ExitCodes.Done;
        }

        var urlText = values.GetValueOrDefault("--management-url") ?? OpsCommandLine.NonEmpty(environment, ManagementUrlVariable) ?? "http://localhost:15672";
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return Wrong(console, $"„{urlText}“ ist keine Adresse der Management-API, erwartet z. B. http://localhost:15672.");
        if (OpsCommandLine.NonEmpty(environment, AdminUserVariable) is not { } admin || OpsCommandLine.NonEmpty(environment, AdminPasswordVariable) is not { } adminPassword)
            return Wrong(console, $"Kein Administrator: {AdminUserVariable} und {AdminPasswordVariable} setzen.");

        using var client = BrokerProvisioning.Client(url, admin, adminPassword, handler);
        try
        {
            await new BrokerProvisioning(client).ApplyAsync(plan, vhost, passwords, cancellationToken);
        }
        catch (Exception ex) when (ex is BrokerProvisioningException or HttpRequestException or TaskCanceledException)
        {
            console.Write(new Text($"Einrichtung abgebrochen: {ex.Message}{Environment.NewLine}", new Style(Color.Red)));
            return ExitCodes.Unreachable;
        }

        Report(console, plan, vhost, created, $"Broker {url.GetLeftPart(UriPartial.Authority)} eingerichtet");
        return ExitCodes.Done;
    }

    /// <summary>The partner directory of a JSON file (<c>--partners</c>), or the built-in one.</summary>
    internal static List<Partner> ReadPartners(string? file)
    {
        var builder = new ConfigurationBuilder();
        if (file is null)
        {
            builder.AddJsonStream(HorizontHost.DefaultsStream());
        }
        else
        {
            if (!File.Exists(file))
                throw new IOException($"Die Datei {file} (--partners) gibt es nicht.");
            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        var partners = new List<Partner>();
        builder.Build().GetSection(PartnerDirectory.Section).Bind(partners);
        if (partners.Count == 0)
            throw new InvalidDataException($"Kein Partnerverzeichnis: {file ?? "die Vorgaben"} enthält keine \"{PartnerDirectory.Section}\".");
        return partners;
    }

    /// <summary>A file only its owner may read, created so from the start (never readable for a moment).</summary>
    private static void WriteSecret(string file, string secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(file, options);
        using var writer = new StreamWriter(stream);
        writer.Write(secret);
    }

    private static void Report(IAnsiConsole console, BrokerPlan plan, string vhost, List<string> created, string what)
    {
        console.Write(new Text($"{what}: {plan.Users.Count} Benutzer, {plan.Queues.Count} Queues, {plan.Routes.Count} Wege auf vhost „{vhost}“.{Environment.NewLine}"));
        var table = new Table().AddColumns("Benutzer", "für", "Tags");
        foreach (var user in plan.Users)
            table.AddRow(Markup.Escape(user.User), Markup.Escape(user.Purpose), Markup.Escape(string.Join(", ", user.Tags)));
        console.Write(table);
        foreach (var file in created)
            console.Write(new Text($"Neues Passwort in {file}{Environment.NewLine}"));
    }

    private static int Wrong(IAnsiConsole console, string error)
    {
        console.Write(new Text(error + Environment.NewLine, new Style(Color.Red)));
        console.Write(new Text("Hilfe: horizont-ops provision-broker --help" + Environment.NewLine));
        return ExitCodes.Usage;
    }
}
