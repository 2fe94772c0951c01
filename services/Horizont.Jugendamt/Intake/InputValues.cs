using System.Globalization;

namespace Horizont.Jugendamt.Intake;

/// <summary>Reading dates, numbers and yes/no from text, with the German messages for a wrong format.</summary>
internal static class InputValues
{
    public const string IsoDateMessage = "Ungültiges Datum: erwartet JJJJ-MM-TT (z. B. 2027-06-30).";
    public const string IsoOrGermanDateMessage = "Ungültiges Datum: erwartet JJJJ-MM-TT oder TT.MM.JJJJ (z. B. 2027-06-30 oder 30.06.2027).";
    public const string NumberMessage = "Keine Zahl (z. B. 40 oder 12,5).";
    public const string BooleanMessage = "Erlaubt: true, false, ja, nein.";

    private static readonly string[] GermanDateFormats = ["dd.MM.yyyy", "d.M.yyyy"];

    /// <summary>An ISO date (<c>2027-02-15</c>) and, where <paramref name="allowGerman"/>, a German one (<c>15.02.2027</c>).</summary>
    public static bool TryParseDate(string text, bool allowGerman, out DateOnly date)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return true;
        return allowGerman && DateOnly.TryParseExact(text, GermanDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>A decimal number with a point or a German comma (<c>12.5</c>, <c>12,5</c>); no thousands separators.</summary>
    public static bool TryParseNumber(string text, out decimal number)
    {
        var normalised = text.Trim();
        if (normalised.Count(c => c is ',' or '.') > 1)
        {
            number = 0;
            return false;
        }

        return decimal.TryParse(normalised.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    /// <summary><c>true</c>/<c>false</c>/<c>ja</c>/<c>nein</c>, any case.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "JA":
                value = true;
                return true;
            case "FALSE" or "NEIN":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
