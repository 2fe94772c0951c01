using Horizont.Operations.Endpoints;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary><c>horizont-ops alerts [--open|--all]</c>: the open alerts, or all of them.</summary>
internal static class AlertsCommand
{
    public static async Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var state = call.Alerts == AlertFilter.All ? "all" : "open";
        var answer = await api.GetAsync<List<AlertView>>($"alerts?state={state}", cancellationToken);
        if (answer.Value is not { } alerts)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else if (alerts.Count == 0)
        {
            Render.Line(console, call.Alerts == AlertFilter.All ? "Keine Warnungen." : "Keine offenen Warnungen.", Color.Green);
        }
        else
        {
            var table = Render.Table("Warnung", "Betrifft", "Beschreibung", "Ausgelöst", "Behoben", "E-Mail");
            foreach (var a in alerts)
            {
                table.AddRow(
                    Render.Cell(a.Title, a.Open ? Color.Red : Color.Grey), Render.Cell(a.Subject), Render.Cell(a.Text),
                    Render.Cell(GermanLabels.Time(a.RaisedAt)), Render.Cell(GermanLabels.Time(a.ResolvedAt)), Render.Cell(GermanLabels.Mail(a)));
            }

            console.Write(table);
        }

        return alerts.Any(a => a.Open) ? ExitCodes.Attention : ExitCodes.Done;
    }
}
