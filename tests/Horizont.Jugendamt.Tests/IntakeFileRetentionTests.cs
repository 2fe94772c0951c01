using Horizont.Jugendamt.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>The delivery folders keep files only for their own, shorter retention (processed and rejected 30 days, export 90 days).</summary>
public sealed class IntakeFileRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestReferrals.Now;
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_processed_file_is_deleted_thirty_days_after_the_intake_moved_it_not_before()
    {
        _host.Drop("zuweisung-0815.json", TestReferrals.Bytes(TestReferrals.Json()));
        await _host.ProcessInboxAsync();
        Assert.Equal(["zuweisung-0815.json"], JugendamtHost.FilesIn(_host.Folders.Processed));

        _host.Time.SetUtcNow(Now.AddDays(29));
        await _host.App.Services.RunRetentionAsync();
        Assert.Equal(["zuweisung-0815.json"], JugendamtHost.FilesIn(_host.Folders.Processed));

        _host.Time.SetUtcNow(Now.AddDays(31));
        await _host.App.Services.RunRetentionAsync();
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Processed));
    }

    [Fact]
    public async Task A_rejected_file_goes_together_with_its_reason_file_after_thirty_days()
    {
        var json = TestReferrals.Json();
        json["hoursOrdered"] = -1;
        _host.Drop("falsch.json", TestReferrals.Bytes(json));
        await _host.ProcessInboxAsync();
        Assert.Equal(["falsch.json", "falsch.json.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        // The reason file newer than the refused file: the pair still goes by the refused file's age, together.
        File.SetLastWriteTimeUtc(Path.Combine(_host.Folders.Rejected, "falsch.json.error.txt"), Now.AddDays(20).UtcDateTime);

        _host.Time.SetUtcNow(Now.AddDays(29));
        await _host.App.Services.RunRetentionAsync();
        Assert.Equal(["falsch.json", "falsch.json.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));

        _host.Time.SetUtcNow(Now.AddDays(31));
        await _host.App.Services.RunRetentionAsync();
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Rejected));
    }

    [Fact]
    public async Task Export_files_stay_ninety_days_and_each_folder_follows_its_own_setting()
    {
        var old = Place(_host.Folders.Export, "alt.json", Now.AddDays(-91));
        var recent = Place(_host.Folders.Export, "neu.json", Now.AddDays(-89));
        var processed = Place(_host.Folders.Processed, "gelesen.json", Now.AddDays(-89));

        Assert.Equal(2, await _host.App.Services.RunRetentionAsync());

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.False(File.Exists(processed));
    }

    [Fact]
    public async Task The_file_retentions_are_settings()
    {
        await using var host = await JugendamtHost.StartAsync(b => b.Configuration["Jugendamt:ExportFileRetention"] = "10.00:00:00");
        var old = Place(host.Folders.Export, "alt.json", Now.AddDays(-11));
        var recent = Place(host.Folders.Export, "neu.json", Now.AddDays(-9));

        Assert.Equal(1, await host.App.Services.RunRetentionAsync());

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    private static string Place(string folder, string name, DateTimeOffset writtenAt)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "{}");
        File.SetLastWriteTimeUtc(path, writtenAt.UtcDateTime);
        return path;
    }
}
