using Horizont.Hosting;
using Horizont.Hosting.Retention;
using Horizont.Jugendamt.Options;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Jobs;

/// <summary>
/// Deletes the files that only served delivery once their own retention is over, counted from the file's last write
/// (the intake sets it when it moves a file): <c>processed/</c> after <see cref="JugendamtOptions.ProcessedFileRetention"/>,
/// <c>rejected/</c> after <see cref="JugendamtOptions.RejectedFileRetention"/> (a refused file and its <c>.error.txt</c>
/// reason file go together, by the refused file's age), <c>export/</c> after <see cref="JugendamtOptions.ExportFileRetention"/>.
/// Only files directly in each folder; a file another instance deleted first is skipped.
/// </summary>
internal sealed class IntakeFileRetention(
    JugendamtFolders folders,
    IOptions<JugendamtOptions> options,
    TimeProvider time,
    ILogger<IntakeFileRetention> logger) : IRetentionTask
{
    /// <summary>The reason file the intake writes beside a refused file (<c>NAME.error.txt</c>).</summary>
    public const string ReasonSuffix = ".error.txt";

    public string Name => "intake and export files";

    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = Prune(folders.Processed, now - options.Value.ProcessedFileRetention, "processed-file")
            + Prune(folders.Rejected, now - options.Value.RejectedFileRetention, "rejected-file")
            + Prune(folders.Export, now - options.Value.ExportFileRetention, "export-file");
        return Task.FromResult(deleted);
    }

    private int Prune(string folder, DateTime writtenBefore, string what)
    {
        if (!Directory.Exists(folder))
            return 0;
        var deleted = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            var main = file.Name.EndsWith(ReasonSuffix, StringComparison.Ordinal) ? file.FullName[..^ReasonSuffix.Length] : null;
            if (main is not null && File.Exists(main))
                continue; // goes with the file it explains
            file.Refresh();
            if (!file.Exists || file.LastWriteTimeUtc >= writtenBefore)
                continue;
            file.Delete();
            if (main is null)
                File.Delete(file.FullName + ReasonSuffix);
            deleted++;
        }

        if (deleted > 0)
        {
            HorizontMetrics.Erased(what, deleted);
            logger.LogInformation("{Count} files written before {Before:u} deleted from {Folder}", deleted, writtenBefore, folder);
        }

        return deleted;
    }
}
