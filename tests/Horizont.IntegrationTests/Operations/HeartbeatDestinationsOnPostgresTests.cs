using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Messages.Operations;
using Horizont.Operations;

namespace Horizont.IntegrationTests.Operations;

/// <summary>Operations on PostgreSQL: its migration adds the outbox destinations of a heartbeat, which are replaced by the next beat.</summary>
public sealed class HeartbeatDestinationsOnPostgresTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private string? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await Postgres.DropDatabaseAsync(_database);
    }

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task The_destinations_of_a_beat_are_kept_and_replaced_by_the_next_beat()
    {
        _database = await Postgres.CreateDatabaseAsync("horizont_operations");
        var settings = QueueWithoutConsumerTests.OperationsSettings();
        settings["Transport"] = "InMemory";
        settings["Operations:HeartbeatInterval"] = "00:00:00";
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Operations"] = _database;
        await using var ops = await (await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddOperations())).AsOperationsAsync();
        var oldest = DateTimeOffset.UtcNow.AddMinutes(-1);

        await QueueWithoutConsumerTests.BeatAsync(ops, DateTimeOffset.UtcNow,
            new OutboxDestination { AgencyId = "brueckenbau-ev", Queue = "brueckenbau-ev", Pending = 2, OldestAt = oldest, Held = true },
            new OutboxDestination { AgencyId = "horizont-ev", Queue = "horizont-ev", Pending = 1, OldestAt = oldest });
        Assert.Equal(["brueckenbau-ev", "horizont-ev"], await QueuesAsync(ops));

        await QueueWithoutConsumerTests.BeatAsync(ops, DateTimeOffset.UtcNow,
            new OutboxDestination { AgencyId = "horizont-ev", Queue = "horizont-ev", Pending = 4, OldestAt = oldest });
        Assert.Equal(["horizont-ev"], await QueuesAsync(ops));
    }

    private static async Task<List<string?>> QueuesAsync(AgencyHost ops) =>
        (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/heartbeats")).EnumerateArray().Single()
            .GetProperty("outboxDestinations").EnumerateArray().Select(d => d.GetProperty("queue").GetString()).ToList();
}
