using System.Runtime.InteropServices;

namespace Horizont.Jugendamt.Intake;

/// <summary>What an entry of the intake folder is, seen without following a symbolic link (lstat semantics).</summary>
internal enum IntakeEntryKind
{
    /// <summary>Gone since the listing (read by another instance, or removed by the case system).</summary>
    Gone,
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    Device,
    Other,
}

/// <summary>One entry of the intake folder: its kind, size and last write time, as the entry itself has them.</summary>
internal readonly record struct IntakeEntry(IntakeEntryKind Kind, long Size, DateTimeOffset LastWrite)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxMtime = 0x40, StatxSize = 0x200;
    private const int StatxBufferSize = 256;

    /// <summary>
    /// Looks at <paramref name="path"/> without following a link and without opening it (opening a FIFO would block).
    /// On Linux by <c>statx(2)</c> with <c>AT_SYMLINK_NOFOLLOW</c>, whose buffer has the same layout on every
    /// architecture; elsewhere by .NET's file attributes, which tell links and directories but not FIFOs apart.
    /// </summary>
    public static IntakeEntry Inspect(string path) =>
        OperatingSystem.IsLinux() ? InspectLinux(path) : InspectPortable(path);

    /// <summary>A German reason for staff why an entry of this kind is not read.</summary>
    public string NotAFileReason => Kind switch
    {
        IntakeEntryKind.Directory => "Ein Ordner im Eingangsordner wird nicht gelesen; nur einzelne Dateien (.json, .csv).",
        IntakeEntryKind.SymbolicLink => "Eine Verknüpfung (symbolischer Link) wird nicht gelesen und nicht verfolgt; bitte die Datei selbst ablegen.",
        IntakeEntryKind.Fifo => "Eine Pipe (FIFO) ist keine Datei und wird nicht gelesen.",
        IntakeEntryKind.Socket => "Ein Socket ist keine Datei und wird nicht gelesen.",
        IntakeEntryKind.Device => "Eine Gerätedatei wird nicht gelesen.",
        _ => "Der Eintrag ist keine gewöhnliche Datei und wird nicht gelesen.",
    };

    /// <summary>
    /// Renames the entry itself (a link, not its target; a FIFO without opening it), atomically: of two instances
    /// renaming one entry, exactly one succeeds. Returns false when the entry is gone. Never copies: across file
    /// systems it fails (an <see cref="IOException"/>), where <see cref="File.Move(string, string)"/> would open the
    /// entry to copy it.
    /// </summary>
    public static bool Rename(string from, string to)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            if (!Path.Exists(from))
                return false;
            if (Directory.Exists(from))
                Directory.Move(from, to);
            else
                File.Move(from, to, overwrite: false);
            return true;
        }

        if (Inspect(to).Kind != IntakeEntryKind.Gone)
            throw new IOException("The target of a rename exists already.");
        if (RenameNative(from, to) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == 2) // ENOENT: another instance took it, or the case system removed it
            return false;
        throw new IOException($"rename failed with errno {errno}{(errno == 18 ? " (another file system)" : "")}.");
    }

    private static IntakeEntry InspectLinux(string path)
    {
        var buffer = new byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize | StatxMtime, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20) // ENOENT, ENOTDIR
                return new IntakeEntry(IntakeEntryKind.Gone, 0, default);
            if (errno == 38) // ENOSYS: a kernel without statx
                return InspectPortable(path);
            throw new IOException($"statx failed with errno {errno}.");
        }

        // struct statx: stx_mode (u16) at 28, stx_size (u64) at 40, stx_mtime { i64 tv_sec; u32 tv_nsec } at 112.
        var mode = BitConverter.ToUInt16(buffer, 28);
        var size = BitConverter.ToInt64(buffer, 40);
        var seconds = BitConverter.ToInt64(buffer, 112);
        var nanoseconds = BitConverter.ToUInt32(buffer, 120);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => IntakeEntryKind.RegularFile,
            0x4000 => IntakeEntryKind.Directory,
            0xA000 => IntakeEntryKind.SymbolicLink,
            0x1000 => IntakeEntryKind.Fifo,
            0xC000 => IntakeEntryKind.Socket,
            0x2000 or 0x6000 => IntakeEntryKind.Device,
            _ => IntakeEntryKind.Other,
        };
        return new IntakeEntry(kind, size, DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100));
    }

    private static IntakeEntry InspectPortable(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists)
        {
            info = new DirectoryInfo(path);
            if (!info.Exists && info.LinkTarget is null)
                return new IntakeEntry(IntakeEntryKind.Gone, 0, default);
        }

        if (info.LinkTarget is not null || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            return new IntakeEntry(IntakeEntryKind.SymbolicLink, 0, info.LastWriteTimeUtc);
        if (info is DirectoryInfo)
            return new IntakeEntry(IntakeEntryKind.Directory, 0, info.LastWriteTimeUtc);
        return new IntakeEntry(IntakeEntryKind.RegularFile, ((FileInfo)info).Length, info.LastWriteTimeUtc);
    }

    // statx(2) and rename(2) from the C library (glibc 2.28+). Not LibraryImport: that needs unsafe code in the project.
    // CA2101 asks for CharSet.Unicode; the paths are marshalled explicitly as UTF-8, which is what Linux expects.
#pragma warning disable SYSLIB1054, CA2101
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
#pragma warning restore SYSLIB1054, CA2101
}
