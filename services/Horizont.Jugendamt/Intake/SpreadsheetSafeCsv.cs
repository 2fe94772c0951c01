using System.Text;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// CSV that a spreadsheet program opens as text, never as a formula (OWASP "CSV Injection"): a cell starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading <c>'</c>. Cells are separated by
/// <c>;</c> and quoted when they hold <c>;</c>, <c>"</c> or a line break. The intake's CSV reader takes the quote off
/// again (<see cref="Restore"/>), so a rejected-rows file can be corrected and dropped in again.
/// </summary>
internal static class SpreadsheetSafeCsv
{
    public const char Separator = ';';

    /// <summary>One line (without its line break) of the given cells.</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(Separator, cells.Select(Cell));

    /// <summary>One cell, neutralised and quoted as needed.</summary>
    public static string Cell(string? value)
    {
        var text = Neutralise(value ?? "");
        if (text.AsSpan().IndexOfAny(";\"\r\n") < 0)
            return text;
        return new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    /// <summary>The value with a leading <c>'</c> when a spreadsheet would take it for a formula.</summary>
    public static string Neutralise(string value) => StartsDangerously(value, 0) ? "'" + value : value;

    /// <summary>The value read from a cell that <see cref="Neutralise"/> wrote: without the <c>'</c> it added.</summary>
    public static string Restore(string value) => value.Length > 1 && value[0] == '\'' && StartsDangerously(value, 1) ? value[1..] : value;

    private static bool StartsDangerously(string value, int index) =>
        value.Length > index && value[index] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
