namespace Horizont.Hosting;

public static class TextLimits
{
    /// <summary>The first <paramref name="length"/> characters: for a text going into a column of that length.</summary>
    public static string Cut(this string value, int length) => value.Length <= length ? value : value[..length];
}
