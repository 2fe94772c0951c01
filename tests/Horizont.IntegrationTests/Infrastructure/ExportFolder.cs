namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>The Jugendamt's export folder, whose files are written after the ledger commits (the export outbox).</summary>
public static class ExportFolder
{
    /// <summary>The export folder under a Jugendamt's data directory.</summary>
    public static string Of(string dataDirectory) => Path.Combine(dataDirectory, "jugendamt", "export");

    /// <summary>Waits until exactly <paramref name="count"/> files match <paramref name="pattern"/> (the ledger may hold the event a moment before its file).</summary>
    public static Task WaitForFilesAsync(string folder, string pattern, int count = 1) =>
        Eventually.TrueAsync(() => Task.FromResult(Directory.Exists(folder) && Directory.GetFiles(folder, pattern).Length == count),
            $"{count} export file(s) {pattern}");
}
