using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// File names from the intake folder are input like any other: of any length, with any character (a line break, an
/// escape sequence, a right-to-left override). They are moved under a safe name and shown escaped.
/// </summary>
internal static class IntakeFileNames
{
    /// <summary>The longest stem a moved file keeps (the suffix, extension and report suffix stay well within 255 bytes).</summary>
    public const int MaxStemLength = 80;

    private const int MaxExtensionLength = 10;
    private const int MaxDisplayLength = 120;

    /// <summary>
    /// The name a file is moved under: letters, digits, space, <c>.</c>, <c>-</c>, <c>_</c> kept, anything else
    /// replaced by <c>_</c>, the stem at most <see cref="MaxStemLength"/> characters. A name that had to be changed gets
    /// <c>~</c> and eight hex digits of the original name's SHA-256, so two names that sanitise alike stay apart. A
    /// name that is already safe is kept as it is.
    /// </summary>
    public static string Safe(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > MaxExtensionLength || !extension.Skip(1).All(char.IsAsciiLetterOrDigit))
            extension = "";
        var stem = name[..^extension.Length];
        var clean = new StringBuilder(Math.Min(stem.Length, MaxStemLength));
        foreach (var rune in stem.EnumerateRunes())
        {
            if (clean.Length >= MaxStemLength)
                break;
            var keep = Rune.IsLetterOrDigit(rune) || rune.Value is ' ' or '.' or '-' or '_';
            if (keep && clean.Length + rune.Utf16SequenceLength <= MaxStemLength)
                clean.Append(rune.ToString());
            else
                clean.Append('_');
        }

        var safeStem = clean.ToString().Trim(' ', '.');
        if (safeStem.Length == 0)
            safeStem = "datei";
        var safe = safeStem + extension;
        return safe == name ? name : $"{safeStem}~{Hash(name)}{extension}";
    }

    /// <summary>
    /// The name for logs and reports: control, format and separator characters as <c>\u000A</c>, at most
    /// <see cref="MaxDisplayLength"/> characters, so that no name can forge or break a log line.
    /// </summary>
    public static string Display(string name)
    {
        var text = new StringBuilder();
        foreach (var rune in name.EnumerateRunes())
        {
            if (text.Length >= MaxDisplayLength)
                return text.Append('…').ToString();
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == '\\' || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                text.Append(rune.Value == '\\' ? "\\\\" : string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}"));
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.ToString();
    }

    private static string Hash(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 4);
}
