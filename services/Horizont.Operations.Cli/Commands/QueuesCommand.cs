using Horizont.Operations.Endpoints;
using Horizont.Operations.Queues;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary><c>horizont-ops queues</c>: every queue with depth, rates and consumers.</summary>
internal static class QueuesCommand
{
    public static async Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync<QueueReport>("queues", cancellationToken);
        if (answer.Value is not { } report)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else
        {
            if (report.Error is { } error)
                Render.Line(console, error, Color.Red);
            var table = Render.Table(GermanLabels.QueueHeader(report));
            foreach (var q in report.Queues)
                table.AddRow(GermanLabels.QueueRow(report, q).Select(cell => Render.Cell(cell)));

            if (report.Queues.Count > 0)
                console.Write(table);
            else
                Render.Line(console, "Keine Queues.");
            Render.Line(console, GermanLabels.QueueSource(report), Color.Grey);
        }

        return report.Error is null ? ExitCodes.Done : ExitCodes.Attention;
    }
}
