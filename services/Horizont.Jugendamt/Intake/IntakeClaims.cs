using System.Globalization;
using Horizont.Jugendamt.Options;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Several instances may read one shared inbox; a file is read by the one that claims it. A claim is an atomic rename
/// of the file into the instance's own folder <c>inbox/.processing/INSTANCE/</c> (of two instances renaming one file,
/// exactly one succeeds). Each pass renews the instance's lease (the folder's last write time); a folder whose lease is
/// older than <see cref="JugendamtOptions.IntakeClaimLease"/> belongs to an instance that stopped or crashed, and any
/// instance returns its files to the inbox, where they are read again (their ids make that a no-op for what was
/// recorded). At its first pass an instance also returns what its own folder still holds from before a restart.
/// </summary>
internal sealed class IntakeClaims(JugendamtFolders folders, IOptions<JugendamtOptions> options, TimeProvider time, ILogger<IntakeClaims> logger)
{
    private bool _ownReturned;

    /// <summary>This instance's name, also its claim folder's name.</summary>
    public string Instance { get; } = options.Value.IntakeInstance is { Length: > 0 } configured
        ? configured
        : IntakeFileNames.Safe(string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}")).Replace(' ', '_');

    private string Own => Path.Combine(folders.Claims, Instance);

    /// <summary>Renews this instance's lease and returns the files of stopped instances (and its own leftovers, once) to the inbox.</summary>
    public void RenewAndRecover()
    {
        Directory.CreateDirectory(Own);
        Renew();
        var expired = time.GetUtcNow() - options.Value.IntakeClaimLease;
        foreach (var folder in Directory.EnumerateDirectories(folders.Claims))
        {
            var own = Path.GetFileName(folder) == Instance;
            if (own ? _ownReturned : Directory.GetLastWriteTimeUtc(folder) >= expired.UtcDateTime)
                continue;
            ReturnAll(folder);
            if (!own)
                TryDelete(folder);
        }

        _ownReturned = true;
    }

    /// <summary>Renews this instance's lease (before each file, so a long pass keeps it).</summary>
    public void Renew() => Directory.SetLastWriteTimeUtc(Own, time.GetUtcNow().UtcDateTime);

    /// <summary>Claims the inbox entry <paramref name="path"/>: its path in this instance's folder, or null when another instance was first.</summary>
    public string? Claim(string path, string safeName)
    {
        var claimed = FreeName(Own, safeName);
        return IntakeEntry.Rename(path, claimed) ? claimed : null;
    }

    /// <summary>Gives a claimed file back to the inbox (a pass that could not finish it); its path there, or null when it could not be moved.</summary>
    public string? Release(string claimed)
    {
        var back = FreeName(folders.Inbox, Path.GetFileName(claimed));
        try
        {
            return IntakeEntry.Rename(claimed, back) ? back : null;
        }
        catch (IOException ex)
        {
            logger.LogError(ex, "A claimed intake file could not be returned to the inbox from {Folder}", Path.GetDirectoryName(claimed));
            return null;
        }
    }

    private void ReturnAll(string folder)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            if (Release(entry) is { } back)
            {
                logger.LogWarning("Intake file {FileName} claimed by instance {Instance}, which stopped before finishing it, returned to the inbox",
                    IntakeFileNames.Display(Path.GetFileName(back)), IntakeFileNames.Display(Path.GetFileName(folder)));
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder);
        }
        catch (IOException)
        {
            // Not empty (an entry could not be returned, and was logged) or taken by another instance's cleanup: tried again next pass.
        }
    }

    /// <summary><paramref name="name"/> in <paramref name="folder"/>, with <c>-2</c>, <c>-3</c>… before the extension when taken.</summary>
    private static string FreeName(string folder, string name)
    {
        var candidate = Path.Combine(folder, name);
        for (var n = 2; IntakeEntry.Inspect(candidate).Kind != IntakeEntryKind.Gone; n++)
            candidate = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}"));
        return candidate;
    }
}
