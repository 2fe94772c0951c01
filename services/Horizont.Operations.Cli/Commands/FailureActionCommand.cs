using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;
using Spectre.Console;

namespace Horizont.Operations.Cli.Commands;

/// <summary>
/// <c>horizont-ops replay</c> and <c>horizont-ops discard</c>, for a group or (<c>--message</c>) one message: what moved,
/// and each message that could not be moved with the reason.
/// </summary>
internal static class FailureActionCommand
{
    public const string Replay = "replay";

    public const string Discard = "discard";

    public static async Task<int> RunAsync(Invocation call, OpsApiClient api, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var target = call.MessageId is { } messageId ? $"failures/messages/{messageId}" : $"failures/{Uri.EscapeDataString(call.GroupId!)}";
        var discard = call.Command == Discard;
        var answer = discard
            ? await api.PostAsync<ActionOutcome>($"{target}/discard", new DiscardRequest(call.Reason), cancellationToken)
            : await api.PostAsync<ActionOutcome>($"{target}/replay", body: null, cancellationToken);
        if (answer.Value is not { } outcome)
            return answer.FailureExitCode;

        if (call.Json)
        {
            Render.Json(console, answer.Json);
        }
        else
        {
            var verb = discard ? "verworfen (mit Grund im Archiv festgehalten)" : "wiederholt (zurück in ihre Queue geschickt)";
            Render.Line(console, $"{GermanLabels.Messages(outcome.Done.Count)} {verb}.", outcome.Done.Count > 0 ? Color.Green : Color.Default);
            if (outcome.Failed.Count > 0)
            {
                Render.Line(console, $"{GermanLabels.Messages(outcome.Failed.Count)} nicht bewegt, sie bleiben in der Fehler-Queue:", Color.Red);
                foreach (var failure in outcome.Failed)
                    Render.Line(console, $"  {failure.MessageId}: {failure.Reason}", Color.Red);
            }
        }

        return outcome.Failed.Count > 0 ? ExitCodes.Attention : ExitCodes.Done;
    }
}
