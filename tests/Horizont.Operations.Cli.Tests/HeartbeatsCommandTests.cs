using Horizont.Operations.Cli.Tests.Support;
using Horizont.Messages.Operations;
using Horizont.Operations.Heartbeats;

namespace Horizont.Operations.Cli.Tests;

public sealed class HeartbeatsCommandTests
{
    private static readonly DateTimeOffset s_started = new(2027, 7, 1, 6, 0, 0, TimeSpan.Zero);

    private static HeartbeatView Instance(string service, string instance, InstanceState state, int? outbox = null) =>
        new(service, instance, "1.4.2", state, s_started, new DateTimeOffset(2027, 7, 1, 10, 5, 0, TimeSpan.Zero), TimeSpan.FromSeconds(30), outbox, null, [], false);

    [Fact]
    public async Task Instances_are_listed_with_german_state_and_a_late_or_gone_one_exits_1()
    {
        var api = new FakeOperationsApi().Get("/ops/api/heartbeats", Wire.Json(new[]
        {
            Instance("jugendamt", "ja-1", InstanceState.Alive, outbox: 1500),
            Instance("provider", "pr-1", InstanceState.Late),
            Instance("provider", "pr-2", InstanceState.Gone),
        }));

        var result = await OpsRun.RunAsync(api, "heartbeats");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        foreach (var header in new[] { "Dienst", "Instanz", "Version", "Zustand", "Letzte Meldung", "Outbox wartend" })
            Assert.Contains(header, result.Output);
        Assert.Equal(["jugendamt", "ja-1", "1.4.2", "aktiv", "01.07.2027 12:05", "1.500", "–", "–"], QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, "jugendamt")));
        Assert.Equal(["provider", "pr-1", "1.4.2", "verspätet", "01.07.2027 12:05", "–", "–", "–"], QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, "provider  │ pr-1")));
        Assert.Contains("verschwunden", QueuesCommandTests.Line(result.Output, "provider  │ pr-2"));
    }

    [Fact]
    public async Task A_stale_outbox_says_so_lists_its_queues_and_exits_1()
    {
        var oldest = new DateTimeOffset(2027, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var stale = Instance("jugendamt/ja-nordhausen", "ja-1", InstanceState.Alive, outbox: 4) with
        {
            OutboxOldestAt = oldest,
            OutboxDestinations =
            [
                new OutboxDestination { AgencyId = "brueckenbau-ev", Queue = "brueckenbau-ev", Pending = 1, OldestAt = oldest, Held = true },
                new OutboxDestination { AgencyId = "horizont-ev", Queue = "horizont-ev", Pending = 3, OldestAt = oldest },
            ],
            OutboxStale = true,
        };
        var api = new FakeOperationsApi().Get("/ops/api/heartbeats", Wire.Json(new[] { stale }));

        var result = await OpsRun.RunAsync(api, "heartbeats");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Equal(
            ["jugendamt/ja-nordhausen", "ja-1", "1.4.2", "aktiv", "01.07.2027 12:05", "4", "01.07.2027 11:00 (staut)", "brueckenbau-ev: 1 zurückgehalten; horizont-ev: 3"],
            QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, "jugendamt")));
    }

    [Fact]
    public async Task All_instances_alive_exits_0()
    {
        var api = new FakeOperationsApi().Get("/ops/api/heartbeats", Wire.Json(new[] { Instance("jugendamt", "ja-1", InstanceState.Alive) }));

        var result = await OpsRun.RunAsync(api, "heartbeats");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Contains("aktiv", result.Output);
    }
}
