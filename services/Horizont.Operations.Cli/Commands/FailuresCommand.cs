using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary>
/// <c>horizont-ops failures</c>: failed messages grouped by failure; <c>failures &lt;group&gt;</c>: one group with its
/// messages (metadata and headers, never a body; the stack trace with <c>--stack</c>).
/// </summary>
internal static class FailuresCommand
{
    public static Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken) =>
        call.GroupId is { } groupId ? GroupAsync(call, groupId, api, console, cancellationToken) : ListAsync(call, api, console, cancellationToken);

    private static async Task<int> ListAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync<FailuresAnswer>("failures", cancellationToken);
        if (answer.Value is not { } failures)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else
        {
            if (failures.UnavailableReason is { } unavailable)
                Render.Line(console, unavailable, Color.Yellow);
            if (failures.Groups.Count > 0)
            {
                var table = Render.Table("Gruppe", "Queue", "Typ", "Fehler", "Anzahl", "Zuerst", "Zuletzt");
                foreach (var g in failures.Groups)
                {
                    table.AddRow(
                        Render.Cell(g.Id), Render.Cell(g.Queue), Render.Cell(g.MessageType), Render.Cell($"{g.ExceptionType}: {g.Reason}"),
                        Render.Cell(GermanLabels.Number(g.Count)), Render.Cell(GermanLabels.Time(g.FirstSeen)), Render.Cell(GermanLabels.Time(g.LastSeen)));
                }

                console.Write(table);
                Render.Line(console, "Einzelheiten: horizont-ops failures <Gruppe>; wiederholen: replay <Gruppe>; verwerfen: discard <Gruppe> --reason \"…\"", Color.Grey);
            }
            else if (failures.UnavailableReason is null)
            {
                Render.Line(console, "Keine fehlgeschlagenen Nachrichten.", Color.Green);
            }
        }

        return failures.Groups.Count > 0 ? ExitCodes.Attention : ExitCodes.Done;
    }

    private static async Task<int> GroupAsync(Invocation call, string groupId, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync<FailureGroupAnswer>($"failures/{Uri.EscapeDataString(groupId)}", cancellationToken);
        if (answer.Value is not { } found)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else
        {
            var group = found.Group;
            console.Write(new Rule($"Fehlergruppe {Markup.Escape(group.Id)}").LeftJustified());
            console.Write(Definitions([
                ("Queue", group.Queue), ("Fehler-Queue", group.ErrorQueue), ("Nachrichtentyp", group.MessageType), ("Ausnahme", group.ExceptionType),
                ("Grund", group.Reason), ("Anzahl", GermanLabels.Number(group.Count)),
                ("Zuerst", GermanLabels.Time(group.FirstSeen)), ("Zuletzt", GermanLabels.Time(group.LastSeen)),
            ]));
            foreach (var message in found.Messages)
                WriteMessage(console, message, call.Stack);
            Render.Line(console, $"Wiederholen: horizont-ops replay {group.Id}; verwerfen: horizont-ops discard {group.Id} --reason \"…\"", Color.Grey);
        }

        return found.Messages.Count > 0 ? ExitCodes.Attention : ExitCodes.Done;
    }

    private static void WriteMessage(IAnsiConsole console, FailedMessage message, bool stack)
    {
        console.WriteLine();
        console.Write(new Rule($"Nachricht {message.MessageId}").LeftJustified());
        var items = new List<(string, string)>
        {
            ("Nachrichten-ID", message.MessageId.ToString()),
            ("Zuweisungs-ID", message.ReferralId?.ToString() ?? GermanLabels.None),
            ("Fehlgeschlagen", GermanLabels.Time(message.FailedAt)),
            ("Bisher wiederholt", GermanLabels.Number(message.ReplayCount)),
            ("Ausnahme", $"{message.ExceptionType}: {message.ExceptionMessage}"),
            ("Header", message.Headers.Count == 0 ? GermanLabels.None : string.Join(Environment.NewLine, message.Headers.Select(h => $"{h.Key}: {h.Value}"))),
        };
        if (stack)
            items.Add(("Stacktrace", message.StackTrace ?? GermanLabels.None));
        console.Write(Definitions(items));
    }

    private static Grid Definitions(IEnumerable<(string Term, string Value)> items)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (term, value) in items)
            grid.AddRow(new Text(term, new Style(decoration: Decoration.Bold)), new Text(value));
        return grid;
    }
}
