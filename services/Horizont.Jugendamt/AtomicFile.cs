using System.Text;

namespace Horizont.Jugendamt;

/// <summary>Files the case system reads: written beside the target as <c>.tmp</c>, then renamed, so a reader never sees half a file.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, string content, bool byteOrderMark, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(byteOrderMark), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
