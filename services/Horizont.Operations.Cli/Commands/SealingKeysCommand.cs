using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Partners;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary>
/// <c>horizont-ops seal-keys</c>: creates (and so rotates) and lists the keys two agencies seal personal fields with
/// (<see cref="PartnerKeyRing"/>, docs/security.md "Personal fields end to end"). Works on a key folder, not against a
/// service: the folder of the agency's service, or one from which the files are handed to both agencies.
/// </summary>
internal static class SealingKeysCommand
{
    public const string Name = "seal-keys";

    public const string Usage = """
        horizont-ops seal-keys – Schlüssel für die Ende-zu-Ende-Verschlüsselung

        Aufruf:
          horizont-ops seal-keys create --dir <Ordner> --pair <Stelle>+<Stelle>
          horizont-ops seal-keys create --dir <Ordner> --all [--partners <Datei>]
          horizont-ops seal-keys list --dir <Ordner>

        create legt einen neuen Schlüssel für zwei Stellen an (--all: für jedes Paar
        aus Jugendamt und Träger im Partnerverzeichnis). Der neueste Schlüssel eines
        Paares versiegelt ab sofort; ältere öffnen weiter, was unterwegs ist, bis ihre
        Datei gelöscht wird. So wird auch gewechselt (rotiert).

        Die Datei <Stelle>+<Stelle>.<Schlüssel-ID>.key muss auf sicherem Weg zu beiden
        Stellen (in deren Schlüsselordner, Vorgabe <Datenordner>/keys). Eine Nachricht,
        die vor ihrem Schlüssel ankommt, wartet in der Fehler-Queue mit diesem Grund und
        wird danach wiederholt (replay).

        Optionen:
          --dir <Ordner>        Schlüsselordner (wird angelegt; Dateien nur für den
                                Eigentümer lesbar)
          --pair <a>+<b>        Die zwei Stellen, z. B. horizont-ev+ja-nordhausen
          --all                 Alle Paare aus Jugendamt und Träger
          --partners <Datei>    JSON mit "Partners": [...] wie in appsettings.json;
                                Vorgabe: das eingebaute Partnerverzeichnis
        """;

    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TimeProvider time)
    {
        if (args.Count == 0 || args.Any(a => a is "--help" or "-h" or "hilfe"))
        {
            console.Write(new Text(Usage + Environment.NewLine));
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Done;
        }

        var verb = args[0];
        if (verb is not ("create" or "list"))
            return Wrong(console, $"Unbekannter Befehl „{verb}“: create oder list.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = false;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--all" && verb == "create")
            {
                all = true;
                continue;
            }

            if (args[i] is not ("--dir" or "--pair" or "--partners") || (verb == "list" && args[i] != "--dir"))
                return Wrong(console, $"Unbekannte Option oder Angabe „{args[i]}“.");
            if (i + 1 >= args.Count)
                return Wrong(console, $"Die Option {args[i]} braucht einen Wert.");
            if (!values.TryAdd(args[i], args[++i]))
                return Wrong(console, $"Die Option {args[i - 1]} ist mehrfach angegeben.");
        }

        if (!values.TryGetValue("--dir", out var directory))
            return Wrong(console, "--dir <Ordner> fehlt: der Schlüsselordner.");
        var keys = new PartnerKeyRing(Path.GetFullPath(directory));
        if (verb == "list")
            return List(console, keys);

        List<(string, string)> pairs;
        try
        {
            pairs = Pairs(values, all);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return Wrong(console, ex.Message);
        }

        foreach (var (agency, partner) in pairs)
        {
            var key = keys.Create(agency, partner, time.GetUtcNow());
            console.Write(new Text($"Neuer Schlüssel {key.Id} für {key.Pair}: {Path.Combine(keys.Directory, $"{key.Pair}.{key.Id}{PartnerKeyRing.FileExtension}")}{Environment.NewLine}"));
        }

        console.Write(new Text("Die Dateien auf sicherem Weg in den Schlüsselordner beider Stellen legen." + Environment.NewLine));
        return ExitCodes.Done;
    }

    private static List<(string, string)> Pairs(Dictionary<string, string> values, bool all)
    {
        if (values.TryGetValue("--pair", out var pair) == all)
            throw new ArgumentException("Entweder --pair <a>+<b> oder --all angeben.");
        if (!all)
        {
            var agencies = pair!.Split('+');
            if (agencies.Length != 2 || agencies.Any(a => !PartnerKeyRing.IsAgencyId(a)) || agencies[0] == agencies[1])
                throw new ArgumentException($"--pair „{pair}“: zwei verschiedene Stellen-IDs mit + dazwischen, z. B. horizont-ev+ja-nordhausen.");
            return [(agencies[0], agencies[1])];
        }

        var partners = ProvisionBrokerCommand.ReadPartners(values.GetValueOrDefault("--partners"));
        return [.. from jugendamt in partners where jugendamt.Kind == AgencyKind.Jugendamt
                   from provider in partners where provider.Kind == AgencyKind.Provider
                   select (jugendamt.Id, provider.Id)];
    }

    private static int List(IAnsiConsole console, PartnerKeyRing keys)
    {
        var table = new Table().AddColumns("Paar", "Schlüssel-ID", "versiegelt");
        foreach (var pair in keys.All().GroupBy(k => k.Pair))
        {
            var current = pair.Last();
            foreach (var key in pair)
                table.AddRow(Markup.Escape(key.Pair), Markup.Escape(key.Id), key == current ? "ja (aktuell)" : "nein (öffnet nur)");
        }

        console.Write(table);
        return ExitCodes.Done;
    }

    private static int Wrong(IAnsiConsole console, string error)
    {
        console.Write(new Text(error + Environment.NewLine, new Style(Color.Red)));
        console.Write(new Text("Hilfe: horizont-ops seal-keys --help" + Environment.NewLine));
        return ExitCodes.Usage;
    }
}
