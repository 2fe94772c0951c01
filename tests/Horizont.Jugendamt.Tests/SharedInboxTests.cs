using Horizont.Jugendamt.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Horizont.Jugendamt.Tests;

/// <summary>Two instances on one shared inbox (each with its own ledger here): every file is read by exactly one.</summary>
public sealed class SharedInboxTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "horizont-shared-inbox", Guid.NewGuid().ToString("N"));
    private JugendamtHost _first = null!;
    private JugendamtHost _second = null!;

    public async Task InitializeAsync()
    {
        _first = await JugendamtHost.StartAsync(b => Share(b.Configuration, "first"));
        _second = await JugendamtHost.StartAsync(b => Share(b.Configuration, "second"));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        Directory.Delete(_shared, recursive: true);
    }

    private void Share(ConfigurationManager configuration, string instance)
    {
        configuration["Jugendamt:InboxDirectory"] = Path.Combine(_shared, "inbox");
        configuration["Jugendamt:ProcessedDirectory"] = Path.Combine(_shared, "processed");
        configuration["Jugendamt:RejectedDirectory"] = Path.Combine(_shared, "rejected");
        configuration["Jugendamt:IntakeInstance"] = instance;
    }

    [Fact]
    public async Task Two_instances_reading_one_inbox_at_once_hand_every_file_over_exactly_once()
    {
        for (var i = 0; i < 40; i++)
        {
            var json = TestReferrals.Json();
            json["fileReference"] = $"JGH-{i:000}";
            _first.Drop($"zuweisung-{i:000}.json", TestReferrals.Bytes(json));
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => (n % 2 == 0 ? _first : _second).ProcessInboxAsync())));

        Assert.Equal(40, runs.Sum(r => r.HandedOver));
        Assert.Equal(0, runs.Sum(r => r.AlreadyHandedOver + r.FilesFailed + r.FilesRejected));
        Assert.Equal(40, JugendamtHost.FilesIn(_first.Folders.Processed).Length);
        Assert.Equal(40, (await _first.OutboxAsync()).Count + (await _second.OutboxAsync()).Count);
        Assert.Empty(JugendamtHost.FilesIn(_first.Folders.Inbox));
    }
}
