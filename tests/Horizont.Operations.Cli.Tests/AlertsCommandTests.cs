using Horizont.Operations.Cli.Tests.Support;
using Horizont.Operations.Data;
using Horizont.Operations.Endpoints;

namespace Horizont.Operations.Cli.Tests;

public sealed class AlertsCommandTests
{
    private static readonly DateTimeOffset s_raised = new(2027, 1, 12, 8, 30, 0, TimeSpan.Zero);

    private static AlertView Open { get; } = new(
        Guid.NewGuid(), AlertRule.QueueDepth, "Queue staut sich", "horizont-ev", "1.234 Nachrichten warten seit 10 Minuten.", Open: true, s_raised, null,
        AlertMailState.Sent, s_raised.AddMinutes(1), null);

    private static AlertView Resolved { get; } = new(
        Guid.NewGuid(), AlertRule.HeartbeatMissing, "Dienst meldet sich nicht", "provider/pr-2", "Seit drei Intervallen keine Meldung.", Open: false,
        s_raised, s_raised.AddHours(2), AlertMailState.None, null, null);

    [Fact]
    public async Task Open_alerts_are_asked_for_by_default_listed_and_exit_1()
    {
        var api = new FakeOperationsApi().Get("/ops/api/alerts?state=open", Wire.Json(new[] { Open }));

        var result = await OpsRun.RunAsync(api, "alerts");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        foreach (var header in new[] { "Warnung", "Betrifft", "Beschreibung", "Ausgelöst", "Behoben", "E-Mail" })
            Assert.Contains(header, result.Output);
        Assert.Equal(
            ["Queue staut sich", "horizont-ev", "1.234 Nachrichten warten seit 10 Minuten.", "12.01.2027 09:30", "–", "gesendet 12.01.2027 09:31"],
            QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, "Queue staut sich")));
    }

    [Fact]
    public async Task All_alerts_without_an_open_one_exit_0()
    {
        var api = new FakeOperationsApi().Get("/ops/api/alerts?state=all", Wire.Json(new[] { Resolved }));

        var result = await OpsRun.RunAsync(api, "alerts", "--all");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Equal(
            ["Dienst meldet sich nicht", "provider/pr-2", "Seit drei Intervallen keine Meldung.", "12.01.2027 09:30", "12.01.2027 11:30", "kein Mailserver eingerichtet"],
            QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, "Dienst meldet sich nicht")));
    }

    [Fact]
    public async Task No_open_alerts_says_so_and_exits_0()
    {
        var api = new FakeOperationsApi().Get("/ops/api/alerts?state=open", "[]");

        var result = await OpsRun.RunAsync(api, "alerts", "--open");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Contains("Keine offenen Warnungen.", result.Output);
    }
}
