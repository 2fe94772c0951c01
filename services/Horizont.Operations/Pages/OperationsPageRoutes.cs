using System.Globalization;
using Horizont.Operations.Data;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;

namespace Horizont.Operations.Pages;

/// <summary>
/// The addresses of the operations pages and what a replay or discard from them does: the action through
/// <see cref="FailureActions"/> (the API's own code path and audit row), then back to the overview with the notice
/// in the address (POST-redirect-GET), read back by <see cref="Notice"/>.
/// </summary>
public static class OperationsPageRoutes
{
    public const string Overview = "/ops/";

    /// <summary>The page of one failure group.</summary>
    public static string Group(string groupId) => $"/ops/failures/{Uri.EscapeDataString(groupId)}";

    /// <summary>Where a post goes whose group or message has left the error queues meanwhile.</summary>
    public const string Gone = Overview + "?fehler=weg";

    /// <summary>
    /// Replays or discards as the signed-in member of staff (the archive and the audit name them); the address to go
    /// back to: the overview with what happened, or <see cref="Gone"/> when there was nothing to act on.
    /// </summary>
    internal static async Task<string> ActAsync(
        HttpContext http, FailureActionKind kind, string subject, Func<string, CancellationToken, Task<ActionOutcome?>> act)
    {
        var outcome = await FailureActions.RunAsync(http, kind, subject, act, StatusCodes.Status302Found);
        if (outcome is null)
            return Gone;
        var done = kind == FailureActionKind.Discarded ? "verworfen" : "wiederholt";
        return string.Create(CultureInfo.InvariantCulture, $"{Overview}?erledigt={done}&anzahl={outcome.Done.Count}&nicht={outcome.Failed.Count}");
    }

    /// <summary>The German notice for the query of <see cref="ActAsync"/>'s address: its text, and whether it warns.</summary>
    public static (string Text, bool Warn)? Notice(string? done, int count, int notDone, string? error)
    {
        if (error == "weg")
            return ("Die Nachricht oder Gruppe liegt nicht (mehr) in einer Fehler-Queue.", true);
        if (done is null)
            return null;
        var verb = done == "verworfen" ? "verworfen (im Archiv festgehalten)" : "wiederholt";
        return ($"{GermanLabels.Messages(count)} {verb}." +
            (notDone > 0 ? $" {notDone} konnten nicht bewegt werden und bleiben in der Fehler-Queue." : ""), notDone > 0);
    }
}
