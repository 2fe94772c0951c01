using Horizont.Operations.Endpoints;
using Horizont.Operations.Heartbeats;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary><c>horizont-ops heartbeats</c>: every service instance and whether it still reports.</summary>
internal static class HeartbeatsCommand
{
    public static async Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync<List<HeartbeatView>>("heartbeats", cancellationToken);
        if (answer.Value is not { } instances)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else if (instances.Count == 0)
        {
            Render.Line(console, "Noch kein Dienst hat sich gemeldet.", Color.Grey);
        }
        else
        {
            var table = Render.Table("Dienst", "Instanz", "Version", "Zustand", "Letzte Meldung", "Outbox wartend");
            foreach (var i in instances)
            {
                table.AddRow(
                    Render.Cell(i.Service), Render.Cell(i.Instance), Render.Cell(i.Version),
                    Render.Cell(GermanLabels.State(i.State), ColorOf(i.State)),
                    Render.Cell(GermanLabels.Time(i.LastBeatAt)), Render.Cell(GermanLabels.Number(i.OutboxPending)));
            }

            console.Write(table);
        }

        return instances.Any(i => i.State != InstanceState.Alive) ? ExitCodes.Attention : ExitCodes.Done;
    }

    private static Color ColorOf(InstanceState state) => state switch
    {
        InstanceState.Alive => Color.Green,
        InstanceState.Late => Color.Yellow,
        _ => Color.Red,
    };
}
