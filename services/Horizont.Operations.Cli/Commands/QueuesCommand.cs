using Horizont.Operations.Endpoints;
using Horizont.Operations.Queues;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary><c>horizont-ops queues</c>: every queue with depth, rates and consumers, then the queues in which messages wait with no consumer.</summary>
internal static class QueuesCommand
{
    public static async Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await api.GetAsync<QueueReport>("queues", cancellationToken);
        if (answer.Value is not { } report)
            return answer.FailureExitCode;
        var unservedAnswer = await api.GetAsync<List<UnservedQueue>>("queues/unserved", cancellationToken);
        if (unservedAnswer.Value is not { } unserved)
            return unservedAnswer.FailureExitCode;

        if (call.Json)
        {
            // The service's answer unchanged, as for every command; the unserved queues are at /ops/api/queues/unserved
            // and in the exit code.
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

            if (unserved.Count == 0)
            {
                Render.Line(console, "Keine Queue ohne Consumer.", Color.Green);
            }
            else
            {
                Render.Line(console, "Queues ohne Consumer:", Color.Red);
                var waiting = Render.Table(GermanLabels.UnservedHeader);
                foreach (var q in unserved)
                    waiting.AddRow(GermanLabels.UnservedRow(q, report.ReadAt).Select(cell => Render.Cell(cell)));
                console.Write(waiting);
            }
        }

        return report.Error is null && unserved.Count == 0 ? ExitCodes.Done : ExitCodes.Attention;
    }
}
