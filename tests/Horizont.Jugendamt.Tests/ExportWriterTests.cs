using Horizont.Hosting.Data;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Horizont.Jugendamt.Tests;

/// <summary>The export outbox: a file is written after the ledger commits, under its own name, once; written rows expire.</summary>
public sealed class ExportWriterTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_event_is_recorded_in_the_export_outbox_with_the_ledger_change_and_written_under_its_message_id()
    {
        var messageId = await _host.SendEventAsync(TestEvents.Accepted(_id));
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));

        var file = Assert.Single(await _host.ExportedFilesAsync());
        Assert.EndsWith($"_{_id}_ReferralAccepted_{messageId}.json", file, StringComparison.Ordinal);
        var row = await _host.Ledger(db => db.PendingExports.AsNoTracking().SingleAsync());
        Assert.Equal(file, row.FileName);
        Assert.NotNull(row.WrittenAt);
        Assert.Equal(row.Content, await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file)));
    }

    [Fact]
    public async Task A_file_written_but_not_marked_before_a_crash_is_written_again_under_the_same_name_with_the_same_content()
    {
        var messageId = await _host.SendEventAsync(TestEvents.Accepted(_id));
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        var file = Assert.Single(await _host.ExportedFilesAsync());
        var content = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file));

        // As if the process stopped after the write and before the mark; the file is removed so that its return shows the rewrite.
        File.Delete(Path.Combine(_host.Folders.Export, file));
        await _host.Ledger(db => db.PendingExports.ExecuteUpdateAsync(s => s.SetProperty(x => x.WrittenAt, (DateTimeOffset?)null)));

        Assert.Equal([file], await _host.ExportedFilesAsync());
        Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file)));
    }

    [Fact]
    public async Task An_event_whose_ledger_change_does_not_commit_leaves_no_export_file()
    {
        await using var host = await JugendamtHost.StartAsync(b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:ImmediateRetries"] = "0" });
            b.Services.AddStoreInterceptor<LedgerDbContext>(_ => new CommitFailsWithAnExportFile());
        });
        var id = await host.SubmitReferralAsync();

        var messageId = await host.SendEventAsync(TestEvents.Accepted(id));

        Assert.IsType<InvalidOperationException>(Assert.Single(await host.Consumed.Consumed(messageId)));
        Assert.Empty(await host.ExportedFilesAsync());
        Assert.Equal(0, await host.Ledger(db => db.PendingExports.CountAsync()));
        Assert.Equal(ReferralStatus.Submitted, (await host.ReferralAsync(id))!.Status);
    }

    [Fact]
    public async Task Written_rows_are_deleted_after_the_retention_and_their_files_stay()
    {
        var messageId = await _host.SendEventAsync(TestEvents.Accepted(_id));
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        var file = Assert.Single(await _host.ExportedFilesAsync());

        _host.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        await Eventually.Until(() => _host.Ledger(db => db.PendingExports.AnyAsync()), any => !any, "the written row deleted after the retention");
        Assert.Equal([file], JugendamtHost.FilesIn(_host.Folders.Export));
    }

    /// <summary>A database that refuses every commit that records an export file (a full disk, a lost connection).</summary>
    private sealed class CommitFailsWithAnExportFile : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<PendingExport>().Any(e => e.State == EntityState.Added)
                ? throw new InvalidOperationException("The test database refuses this commit.")
                : ValueTask.FromResult(result);
    }
}
