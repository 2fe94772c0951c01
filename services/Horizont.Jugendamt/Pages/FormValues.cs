using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Intake;

namespace Horizont.Jugendamt.Pages;

/// <summary>
/// Numbers and dates as staff type them into a page's form, read with the intake's own readers and messages. An empty
/// field stays empty (null) for the validator to name; an unreadable one gets the reader's error on its field.
/// </summary>
internal static class FormValues
{
    /// <summary>40, 12,5 or 12.5.</summary>
    public static decimal? Number(FieldErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (InputValues.TryParseNumber(text, out var number))
            return number;
        errors.Add(field, InputValues.NumberMessage);
        return null;
    }

    /// <summary>A date field's JJJJ-MM-TT, or TT.MM.JJJJ typed in by hand.</summary>
    public static DateOnly? Date(FieldErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (InputValues.TryParseDate(text, allowGerman: true, out var date))
            return date;
        errors.Add(field, InputValues.IsoOrGermanDateMessage);
        return null;
    }
}
