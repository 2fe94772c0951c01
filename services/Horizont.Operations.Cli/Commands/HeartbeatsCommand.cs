using Horizont.Operations.Endpoints;
using Horizont.Operations.Heartbeats;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary><c>horizont-ops heartbeats</c>: every service instance, whether it still reports, and whether its outbox is stuck.</summary>
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
            var table = Render.Table(GermanLabels.HeartbeatHeader);
            foreach (var i in instances)
            {
                var row = GermanLabels.HeartbeatRow(i);
                table.AddRow(row.Select((cell, column) =>
                    column == 3 ? Render.Cell(cell, ColorOf(i.State))
                    : column == 6 && i.OutboxStale ? Render.Cell(cell, Color.Red)
                    : Render.Cell(cell)));
            }

            console.Write(table);
        }

        return instances.Any(i => i.State != InstanceState.Alive || i.OutboxStale) ? ExitCodes.Attention : ExitCodes.Done;
    }

    private static Color ColorOf(InstanceState state) => state switch
    {
        InstanceState.Alive => Color.Green,
        InstanceState.Late => Color.Yellow,
        _ => Color.Red,
    };
}
