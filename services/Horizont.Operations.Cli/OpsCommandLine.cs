using Horizont.Operations.Cli.Commands;
using Horizont.Operations.Endpoints;
using Spectre.Console;

namespace Horizont.Operations.Cli;

/// <summary>
/// <c>horizont-ops</c>: reads the arguments, checks them before any request, and runs one command against the
/// operations API. <c>Program.cs</c> hands in the real HTTP client, console and environment; tests hand in their own.
/// </summary>
internal static class OpsCommandLine
{
    public const string UrlVariable = "HORIZONT_OPS_URL";

    /// <summary>The API key (role Operations): only from the environment, never an argument that <c>ps</c> would show.</summary>
    public const string KeyVariable = "HORIZONT_OPS_KEY";

    public const string DefaultUrl = "http://localhost:5300";

    public const string Usage = """
        horizont-ops – der Betrieb von Horizont auf der Kommandozeile

        Aufruf: horizont-ops [Optionen] <Befehl> [Argumente]

        Befehle:
          queues                      Queues: Nachrichten, Consumer, Raten, Alter;
                                      dazu Queues ohne Consumer, in denen
                                      Nachrichten warten
          failures                    Fehlgeschlagene Nachrichten, nach Fehler gruppiert
          failures <Gruppe> [--stack] Eine Gruppe mit ihren Nachrichten
                                      (--stack: mit Stacktrace)
          replay <Gruppe>             Alle Nachrichten der Gruppe wiederholen
          replay --message <ID>       Eine Nachricht wiederholen
          discard <Gruppe> --reason "…"
                                      Alle Nachrichten der Gruppe verwerfen; der Grund
                                      ist Pflicht und kommt mit Name und Zeit ins Archiv
          discard --message <ID> --reason "…"
                                      Eine Nachricht verwerfen
          heartbeats                  Dienste: Version, Zustand, letzte Meldung, Outbox
                                      (je Queue; „staut“: älteste zu alt)
          alerts [--open|--all]       Warnungen (Vorgabe: nur offene)
          provision-broker --passwords <Ordner> [...]
                                      RabbitMQ einrichten: ein Benutzer je Stelle
                                      (horizont-ops provision-broker --help)
          seal-keys create|list --dir <Ordner> [...]
                                      Schlüssel der Ende-zu-Ende-Verschlüsselung
                                      anlegen (auch wechseln) und auflisten
                                      (horizont-ops seal-keys --help)

        Optionen:
          --url <Adresse>   Betriebsdienst; Vorgabe: Umgebungsvariable HORIZONT_OPS_URL,
                            sonst http://localhost:5300
                            (der All-in-one-Host: http://localhost:5000)
          --json            Die JSON-Antwort des Dienstes unverändert ausgeben
          --help            Diese Hilfe

        Anmeldung:
          Ein API-Schlüssel mit der Rolle Operations in der Umgebungsvariablen
          HORIZONT_OPS_KEY (nie auf der Kommandozeile: dort sähe ihn jeder mit „ps“).
          Ein Administrator legt ihn an: keys create --name <Name> --agency <Stelle>
          --role Operations. Der Name des Schlüssels steht bei replay und discard
          im Archiv und im Audit-Protokoll.

        Exit-Codes:
          0  erledigt, nichts zu tun
          1  erledigt, und es gibt etwas anzusehen: fehlgeschlagene Nachrichten,
             ein Dienst verspätet oder verschwunden, eine Outbox staut, offene
             Warnungen, Queues nicht lesbar, eine Queue ohne Consumer mit
             wartenden Nachrichten, Nachrichten, die replay/discard nicht
             bewegen konnten
          2  Aufruf fehlerhaft: unbekannter Befehl oder Option, fehlender Grund
             oder fehlende ID, kein Befehl
          3  Dienst nicht erreichbar, Serverfehler oder unverständliche Antwort
          4  nicht gefunden: Gruppe oder Nachricht liegt nicht (mehr) in einer
             Fehler-Queue
          5  nicht angemeldet: HORIZONT_OPS_KEY fehlt oder der Schlüssel ist
             ungültig/gesperrt
          6  der Schlüssel hat nicht die Rolle Operations
        """;

    private static readonly string[] s_commands = ["queues", "failures", FailureActionCommand.Replay, FailureActionCommand.Discard, "heartbeats", "alerts"];

    private static readonly string[] s_valueOptions = ["--url", "--message", "--reason"];

    private static readonly string[] s_flags = ["--json", "--stack", "--open", "--all", "--help"];

    public static async Task<int> RunAsync(
        string[] args, HttpClient http, IAnsiConsole console, IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken = default)
    {
        // Against the broker's management API as its administrator, not against the operations service: its own options.
        if (args.Length > 0 && args[0] == ProvisionBrokerCommand.Name)
            return await ProvisionBrokerCommand.RunAsync(args[1..], handler: null, console, environment, cancellationToken);
        if (args.Length > 0 && args[0] == SealingKeysCommand.Name)
            return SealingKeysCommand.Run(args[1..], console, TimeProvider.System);

        var parsed = Parse(args, environment);
        if (parsed.Help)
        {
            console.Write(new Text(Usage + Environment.NewLine));
            return ExitCodes.Done;
        }

        if (parsed.Error is not null || parsed.Invocation is not { } call)
        {
            console.Write(new Text(parsed.Error + Environment.NewLine, new Style(Color.Red)));
            console.Write(new Text(args.Length == 0 ? Usage + Environment.NewLine : "Hilfe: horizont-ops --help" + Environment.NewLine));
            return ExitCodes.Usage;
        }

        var api = new OpsApiClient(http, console, call.BaseUrl, call.ApiKey);
        return call.Command switch
        {
            "queues" => await QueuesCommand.RunAsync(call, api, console, cancellationToken),
            "failures" => await FailuresCommand.RunAsync(call, api, console, cancellationToken),
            FailureActionCommand.Replay or FailureActionCommand.Discard => await FailureActionCommand.RunAsync(call, api, console, cancellationToken),
            "heartbeats" => await HeartbeatsCommand.RunAsync(call, api, console, cancellationToken),
            _ => await AlertsCommand.RunAsync(call, api, console, cancellationToken),
        };
    }

    /// <summary>The call, or the German reason it is wrong; options may stand before or after the command.</summary>
    internal static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        if (args.Count == 0)
            return ParsedArguments.Wrong("Kein Befehl angegeben.");

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?" or "help" or "hilfe")
                return ParsedArguments.ForHelp;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (s_flags.Contains(name))
            {
                if (equals >= 0)
                    return ParsedArguments.Wrong($"Die Option {name} hat keinen Wert.");
                flags.Add(name);
            }
            else if (s_valueOptions.Contains(name))
            {
                string value;
                if (equals >= 0)
                    value = arg[(equals + 1)..];
                else if (i + 1 < args.Count)
                    value = args[++i];
                else
                    return ParsedArguments.Wrong($"Die Option {name} braucht einen Wert.");
                if (!values.TryAdd(name, value))
                    return ParsedArguments.Wrong($"Die Option {name} ist mehrfach angegeben.");
            }
            else if (name == "--user")
            {
                return ParsedArguments.Wrong($"Die Option --user gibt es nicht mehr: wer handelt, sagt der API-Schlüssel in {KeyVariable}.");
            }
            else
            {
                return ParsedArguments.Wrong($"Unbekannte Option „{arg}“.");
            }
        }

        if (flags.Contains("--help"))
            return ParsedArguments.ForHelp;
        if (positional.Count == 0)
            return ParsedArguments.Wrong("Kein Befehl angegeben.");

        var command = positional[0];
        if (!s_commands.Contains(command))
            return ParsedArguments.Wrong($"Unbekannter Befehl „{command}“; bekannt sind: {string.Join(", ", s_commands)}.");

        return Check(command, positional.Skip(1).ToList(), values, flags, environment);
    }

    private static ParsedArguments Check(
        string command, List<string> arguments, Dictionary<string, string> values, HashSet<string> flags, IReadOnlyDictionary<string, string?> environment)
    {
        var allowed = command switch
        {
            "failures" => new[] { "--stack" },
            FailureActionCommand.Replay => ["--message"],
            FailureActionCommand.Discard => ["--message", "--reason"],
            "alerts" => ["--open", "--all"],
            _ => [],
        };
        var stray = values.Keys.Concat(flags).Where(o => o is not ("--url" or "--json") && !allowed.Contains(o)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (stray is not null)
            return ParsedArguments.Wrong($"Die Option {stray} gilt nicht für „{command}“.");

        string? groupId = null;
        Guid? messageId = null;
        string? reason = null;
        switch (command)
        {
            case "failures":
                if (arguments.Count > 1)
                    return ParsedArguments.Wrong("„failures“ nimmt höchstens eine Gruppe.");
                groupId = arguments.FirstOrDefault();
                if (groupId is null && flags.Contains("--stack"))
                    return ParsedArguments.Wrong("--stack gilt nur mit einer Gruppe: horizont-ops failures <Gruppe> --stack.");
                break;
            case FailureActionCommand.Replay or FailureActionCommand.Discard:
                if (values.TryGetValue("--message", out var message))
                {
                    if (arguments.Count > 0)
                        return ParsedArguments.Wrong($"„{command}“ nimmt entweder eine Gruppe oder --message <ID>, nicht beides.");
                    if (!Guid.TryParse(message, out var id))
                        return ParsedArguments.Wrong($"„{message}“ ist keine Nachrichten-ID (erwartet eine GUID).");
                    messageId = id;
                }
                else if (arguments.Count != 1)
                {
                    return ParsedArguments.Wrong($"„{command}“ braucht eine Gruppe oder --message <ID>.");
                }
                else
                {
                    groupId = arguments[0];
                }

                if (command == FailureActionCommand.Discard)
                {
                    values.TryGetValue("--reason", out reason);
                    if (OperationsApi.ReasonError(reason) is { } reasonError)
                        return ParsedArguments.Wrong($"{reasonError} (--reason \"…\")");
                    reason = reason!.Trim();
                }

                break;
            default:
                if (arguments.Count > 0)
                    return ParsedArguments.Wrong($"„{command}“ nimmt kein Argument („{arguments[0]}“).");
                if (flags.Contains("--open") && flags.Contains("--all"))
                    return ParsedArguments.Wrong("Entweder --open oder --all.");
                break;
        }

        var urlText = values.GetValueOrDefault("--url") ?? NonEmpty(environment, UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            var from = values.ContainsKey("--url") ? "--url" : UrlVariable;
            return ParsedArguments.Wrong($"„{urlText}“ ({from}) ist keine Adresse des Betriebsdienstes, erwartet z. B. {DefaultUrl}.");
        }

        // The API's paths are relative to the base, so a base with a path (behind a proxy) must end in a slash.
        if (!url.AbsolutePath.EndsWith('/'))
            url = new Uri(url.GetLeftPart(UriPartial.Path) + "/");

        var key = NonEmpty(environment, KeyVariable);
        return new ParsedArguments(
            new Invocation(command, groupId, url, key, flags.Contains("--json"), flags.Contains("--stack"), messageId, reason,
                flags.Contains("--all") ? AlertFilter.All : AlertFilter.Open),
            Help: false,
            Error: null);
    }

    internal static string? NonEmpty(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

/// <summary>What the arguments ask for: a call, the help, or an error (German).</summary>
internal sealed record ParsedArguments(Invocation? Invocation, bool Help, string? Error)
{
    public static ParsedArguments ForHelp { get; } = new(null, Help: true, Error: null);

    public static ParsedArguments Wrong(string error) => new(null, Help: false, error);
}
