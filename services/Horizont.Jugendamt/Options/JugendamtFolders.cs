using Horizont.Hosting;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Options;

/// <summary>
/// The four folders shared with the case system, as absolute paths. An override in
/// <see cref="JugendamtOptions"/> may be absolute or relative to the data directory.
/// </summary>
public sealed class JugendamtFolders
{
    public JugendamtFolders(IOptions<JugendamtOptions> options, IOptions<HorizontOptions> horizont)
    {
        var root = Path.Combine(horizont.Value.DataDirectoryFullPath, "jugendamt");
        var o = options.Value;
        Inbox = Resolve(horizont.Value.DataDirectoryFullPath, o.InboxDirectory, Path.Combine(root, "inbox"));
        Processed = Resolve(horizont.Value.DataDirectoryFullPath, o.ProcessedDirectory, Path.Combine(root, "processed"));
        Rejected = Resolve(horizont.Value.DataDirectoryFullPath, o.RejectedDirectory, Path.Combine(root, "rejected"));
        Export = Resolve(horizont.Value.DataDirectoryFullPath, o.ExportDirectory, Path.Combine(root, "export"));
    }

    public string Inbox { get; }

    public string Processed { get; }

    public string Rejected { get; }

    public string Export { get; }

    /// <summary>The instances' claim folders, inside the inbox (a hidden folder, so on the same file system: a claim is a rename).</summary>
    public string Claims => Path.Combine(Inbox, ".processing");

    public void EnsureCreated()
    {
        Directory.CreateDirectory(Inbox);
        Directory.CreateDirectory(Processed);
        Directory.CreateDirectory(Rejected);
        Directory.CreateDirectory(Export);
        Directory.CreateDirectory(Claims);
    }

    private static string Resolve(string dataDirectory, string? configured, string fallback) =>
        string.IsNullOrWhiteSpace(configured) ? fallback : Path.GetFullPath(Path.Combine(dataDirectory, configured));
}
