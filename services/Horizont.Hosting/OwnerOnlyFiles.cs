using System.Runtime.InteropServices;

namespace Horizont.Hosting;

/// <summary>
/// Everything a Horizont process creates (databases, the intake's processed, rejected and export files, keys, logs
/// written to files) is readable by the service's own user only: the process's file-creation mask becomes 077 before
/// anything is created. Existing files keep their mode; an inbox another account writes into gets its group or access
/// list from the operator (docs/security.md).
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>Group and others: no read, write or execute.</summary>
    public const UnixFileMode Mask = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Sets the process's file-creation mask (Linux and macOS; Windows files inherit the folder's access list).</summary>
    public static void Apply()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            _ = SetMask((uint)Mask);
    }

    // A plain DllImport: LibraryImport would need unsafe code for one uint in and out.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetMask(uint mask);
#pragma warning restore SYSLIB1054
}
