using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Security;

/// <summary>
/// The service's own commands for an administrator on the server (they work on the security store directly, so the
/// first key can be made before anyone can sign in):
/// <c>keys create --name N --agency A --role R</c>, <c>keys list</c>, <c>keys revoke ID|NAME</c>,
/// <c>audit [--referral ID] [--user NAME] [--from T] [--to T] [--limit N]</c>.
/// </summary>
public static class SecurityCommands
{
    public const string Usage = """
        Befehle:
          keys create --name NAME --agency STELLE --role ROLLE   legt einen API-Schlüssel an und zeigt ihn einmal an
          keys list                                              zeigt alle Schlüssel (nie den Schlüssel selbst)
          keys revoke ID|NAME                                    sperrt einen Schlüssel
          audit [--referral ID] [--user NAME] [--from ZEIT] [--to ZEIT] [--limit N]
                                                                 zeigt das Protokoll der Zugriffe (neueste zuerst)
        Rollen: 
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "keys" or "audit";

    /// <summary>Runs the command on a built (not started) application; returns the exit code (0 done, 2 wrong input).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var actor = HorizontClaims.SystemPrincipal("Kommandozeile (" + Environment.UserName + ")");
        string[] known = args switch
        {
            ["keys", "create", ..] => ["name", "agency", "role"],
            ["audit", ..] => ["referral", "user", "from", "to", "limit"],
            _ => [],
        };
        var options = Options(args.Skip(args is ["keys", ..] ? 2 : 1).ToArray(), known, out var positional, out var wrong);
        if (wrong.Count > 0)
            return Fail(error, wrong);
        switch (args)
        {
            case ["keys", "create", ..]:
            {
                var (created, errors) = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>()
                    .CreateAsync(options.GetValueOrDefault("name"), options.GetValueOrDefault("agency"), options.GetValueOrDefault("role"), StaffActor.Of(actor), CancellationToken.None);
                if (created is null)
                    return Fail(error, errors.Select(e => $"--{e.Key}: {string.Join(" ", e.Value)}"));
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(actor, "key.create", null, created.Key.Id.ToString(), null, 0, CancellationToken.None);
                await error.WriteLineAsync($"Schlüssel „{created.Key.Name}“ ({created.Key.Role}, {created.Key.AgencyId}) angelegt. Er wird nur jetzt angezeigt:");
                await output.WriteLineAsync(created.Secret);
                return 0;
            }

            case ["keys", "list", ..]:
                foreach (var key in await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().ListAsync(CancellationToken.None))
                {
                    var state = key.RevokedAt is { } revoked ? $"gesperrt {Time(revoked)} von {key.RevokedBy}" : "aktiv";
                    await output.WriteLineAsync($"{key.Id}  {key.Name}  {key.AgencyId}  {key.Role}  angelegt {Time(key.CreatedAt)}  {state}");
                }

                return 0;

            case ["keys", "revoke", _, ..] when positional.Count == 1:
            {
                var revoked = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().RevokeAsync(positional[0], StaffActor.Of(actor), CancellationToken.None);
                if (revoked is null)
                    return Fail(error, [$"Einen Schlüssel „{StaffActor.Clean(positional[0])}“ gibt es nicht."]);
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(actor, "key.revoke", null, revoked.Id.ToString(), null, 0, CancellationToken.None);
                await output.WriteLineAsync($"Schlüssel „{revoked.Name}“ ist gesperrt.");
                return 0;
            }

            case ["audit", ..]:
            {
                var errors = new List<string>();
                Guid? referral = null;
                if (options.TryGetValue("referral", out var referralText))
                    referral = Guid.TryParse(referralText, out var id) ? id : Error<Guid?>(errors, "--referral: keine gültige ID (GUID).");
                DateTimeOffset? from = options.TryGetValue("from", out var fromText) ? ParseTime(fromText, "--from", errors) : null;
                DateTimeOffset? to = options.TryGetValue("to", out var toText) ? ParseTime(toText, "--to", errors) : null;
                var limit = 200;
                if (options.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditTrail.MaxQuery))
                    errors.Add($"--limit: eine Zahl von 1 bis {AuditTrail.MaxQuery}.");
                if (errors.Count > 0)
                    return Fail(error, errors);
                var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                foreach (var row in await trail.QueryAsync(new AuditQuery(referral, options.GetValueOrDefault("user"), from, to, limit), CancellationToken.None))
                    await output.WriteLineAsync($"{Time(row.At)}  {row.Actor} ({row.ActorKind}, {row.AgencyId ?? "-"})  {row.Action}  {row.ReferralId?.ToString() ?? "-"}  {row.Subject ?? "-"}  {row.Remote ?? "-"}  {row.Status}");
                await trail.RecordAsync(actor, "audit.read", referral, null, null, 0, CancellationToken.None);
                return 0;
            }

            default:
                return Fail(error, [Usage + string.Join(", ", HorizontRoles.All)]);
        }
    }

    /// <summary>
    /// The command's options; an option it does not know or one without a value is wrong input (a mistyped filter
    /// must not quietly show the whole audit trail).
    /// </summary>
    private static Dictionary<string, string> Options(string[] args, string[] known, out List<string> positional, out List<string> wrong)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        positional = [];
        wrong = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }

            var option = StaffActor.Clean(args[i]);
            if (IsHostSetting(args[i]))
            {
                // The host's own configuration (--Horizont:DataDirectory=…, --environment Production): read by the builder.
                if (!args[i].Contains('=', StringComparison.Ordinal))
                    i++;
            }
            else if (!known.Contains(args[i][2..], StringComparer.Ordinal))
                wrong.Add(known.Length == 0
                    ? $"{option}: dieser Befehl hat keine Optionen."
                    : $"{option}: unbekannte Option; zulässig sind {string.Join(", ", known.Select(k => "--" + k))}.");
            else if (i + 1 >= args.Length)
                wrong.Add($"{option}: der Wert fehlt.");
            else
                options[args[i][2..]] = args[++i];
        }

        return options;
    }

    private static bool IsHostSetting(string arg)
    {
        var name = arg[2..].Split('=', 2)[0];
        return name.Contains(':', StringComparison.Ordinal) || arg.Contains('=', StringComparison.Ordinal)
            || name is "environment" or "urls" or "contentRoot" or "applicationName";
    }

    private static DateTimeOffset? ParseTime(string text, string option, List<string> errors) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : Error<DateTimeOffset?>(errors, $"{option}: kein lesbarer Zeitpunkt (z. B. 2026-12-01 oder 2026-12-01T08:00:00Z).");

    private static T? Error<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default;
    }

    private static int Fail(TextWriter error, IEnumerable<string> lines)
    {
        foreach (var line in lines)
            error.WriteLine(line);
        return 2;
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
