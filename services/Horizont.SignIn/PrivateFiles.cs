namespace Horizont.SignIn;

/// <summary>
/// Files only the service user may read (keys, one-time passwords): created with mode 0600 in a 0700
/// folder from the first byte on, never widened afterwards.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>The folder (created owner-only if it is new) under the data directory.</summary>
    public static string Folder(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "signin");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder); // inherits the data directory's access list
        else
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        return folder;
    }

    /// <summary>Creates a new file readable and writable only by this user; fails if it exists.</summary>
    public static void Create(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
