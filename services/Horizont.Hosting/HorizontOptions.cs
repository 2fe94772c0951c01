using System.ComponentModel.DataAnnotations;

namespace Horizont.Hosting;

/// <summary>Settings every Horizont process shares (section <c>Horizont</c>).</summary>
public sealed class HorizontOptions
{
    public const string Section = "Horizont";

    /// <summary>Root of the SQLite files and of the intake and export folders.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The data directory as an absolute path (relative paths are taken from the working directory).</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}
