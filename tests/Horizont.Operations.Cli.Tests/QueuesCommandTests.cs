using Horizont.Operations.Cli.Tests.Support;
using Horizont.Operations.Queues;

namespace Horizont.Operations.Cli.Tests;

public sealed class QueuesCommandTests
{
    private static readonly DateTimeOffset s_readAt = new(2027, 1, 12, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Queues_are_listed_with_german_figures_and_exit_0()
    {
        var report = new QueueReport("rabbitmq", s_readAt,
        [
            new QueueView("horizont-ev", QueueKinds.Agency, 1234, 1200, 34, 2, 1.5, 0.25, 12.5),
            new QueueView("horizont-ev_error", QueueKinds.Error, 3, 3, 0, 0, null, null, null),
        ], Error: null);
        var api = new FakeOperationsApi().Get("/ops/api/queues", Wire.Json(report)).Get("/ops/api/queues/unserved", "[]");

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        foreach (var header in new[] { "Queue", "Art", "Nachrichten", "Bereit", "In Arbeit", "Consumer", "Eingang/s", "Zustellung/s", "Älteste (s)" })
            Assert.Contains(header, result.Output);
        var row = Line(result.Output, "horizont-ev ");
        Assert.Equal(["horizont-ev", "Stelle", "1.234", "1.200", "34", "2", "1,5", "0,25", "12,5"], Cells(row));
        Assert.Equal(["horizont-ev_error", "Fehler", "3", "3", "0", "0", "–", "–", "–"], Cells(Line(result.Output, "horizont-ev_error")));
        Assert.Contains("gelesen 12.01.2027 09:30", result.Output);
        Assert.DoesNotContain("Fehlgeschlagen", result.Output);
    }

    [Fact]
    public async Task On_the_in_memory_transport_the_handled_and_failed_counts_since_start_are_shown_instead_of_a_depth()
    {
        var report = new QueueReport("bus", s_readAt,
        [
            new QueueView("horizont-ev", QueueKinds.Agency, null, null, 0, 1, 0.5, 0.5, null, Consumed: 1234, Faulted: 3),
        ], Error: null);
        var api = new FakeOperationsApi().Get("/ops/api/queues", Wire.Json(report)).Get("/ops/api/queues/unserved", "[]");

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Contains("Fehlgeschlagen", result.Output);
        Assert.Equal(["horizont-ev", "Stelle", "–", "–", "0", "1", "0,5", "0,5", "–", "1.234", "3"], Cells(Line(result.Output, "horizont-ev ")));
        Assert.Contains("Quelle: der Bus dieses Prozesses (In-Memory-Transport)", result.Output);
    }

    [Fact]
    public async Task A_queue_source_that_cannot_be_read_is_reported_and_exits_1()
    {
        var report = new QueueReport("rabbitmq", s_readAt, [], "Die RabbitMQ-Management-API ist nicht erreichbar.");
        var api = new FakeOperationsApi().Get("/ops/api/queues", Wire.Json(report)).Get("/ops/api/queues/unserved", "[]");

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Contains("Die RabbitMQ-Management-API ist nicht erreichbar.", result.Output);
    }

    [Fact]
    public async Task Queues_without_consumer_are_listed_with_depth_and_age_unknown_where_the_broker_does_not_tell_it_and_exit_1()
    {
        var report = new QueueReport("rabbitmq", s_readAt, [new QueueView("brueckenbau-ev", QueueKinds.Agency, 3, 3, 0, 0, null, null, null)], Error: null);
        UnservedQueue[] unserved =
        [
            new("brueckenbau-ev", 3, null, UnservedQueue.Broker, []),
            new("kinderhaus-ev", 1, s_readAt.AddMinutes(-12), UnservedQueue.Outbox, ["jugendamt/ja-nordhausen"]),
        ];
        var api = new FakeOperationsApi().Get("/ops/api/queues", Wire.Json(report)).Get("/ops/api/queues/unserved", Wire.Json(unserved));

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Contains("Queues ohne Consumer", result.Output);
        Assert.Equal(["brueckenbau-ev", "3", "unbekannt", "unbekannt", "Broker"], Cells(result.Output.Split('\n').Single(l => l.Contains("Broker", StringComparison.Ordinal))));
        Assert.Equal(["kinderhaus-ev", "1", "12.01.2027 09:18", "12 min", "zurückgehalten in der Outbox von jugendamt/ja-nordhausen"],
            Cells(Line(result.Output, "kinderhaus-ev")));
    }

    internal static string Line(string output, string start) =>
        output.Split('\n').Single(l => l.TrimStart('│', ' ').StartsWith(start, StringComparison.Ordinal));

    internal static string[] Cells(string tableRow) =>
        tableRow.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
