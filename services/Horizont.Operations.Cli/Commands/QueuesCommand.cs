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
            var table = Render.Table("Queue", "Art", "Nachrichten", "Bereit", "In Arbeit", "Consumer", "Eingang/s", "Zustellung/s", "Älteste (s)");
            foreach (var q in report.Queues)
            {
                table.AddRow(
                    Render.Cell(q.Name), Render.Cell(GermanLabels.Kind(q.Kind)), Render.Cell(GermanLabels.Number(q.Messages)),
                    Render.Cell(GermanLabels.Number(q.Ready)), Render.Cell(GermanLabels.Number(q.Unacknowledged)),
                    Render.Cell(GermanLabels.Number(q.Consumers)), Render.Cell(GermanLabels.Rate(q.PublishRate)),
                    Render.Cell(GermanLabels.Rate(q.DeliverRate)), Render.Cell(GermanLabels.Rate(q.OldestMessageAgeSeconds)));
            }

            if (report.Queues.Count > 0)
                console.Write(table);
            else
                Render.Line(console, "Keine Queues.");
            var source = report.Source == "bus" ? "der Bus dieses Prozesses (In-Memory-Transport)" : "RabbitMQ-Management-API";
            Render.Line(console, $"Quelle: {source}, gelesen {GermanLabels.Time(report.ReadAt)}.", Color.Grey);
        }

        return report.Error is null ? ExitCodes.Done : ExitCodes.Attention;
    }
}
