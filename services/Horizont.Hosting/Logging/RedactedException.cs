using System.Globalization;

namespace Horizont.Hosting.Logging;

/// <summary>
/// An exception as a log shows it when its texts held personal values: the original's type, message, stack trace
/// and inner exceptions, each scrubbed (<see cref="PersonalValues.Scrub"/>). It is never thrown.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(string originalType, string message, string text)
        : base(message)
    {
        OriginalType = originalType;
        _text = text;
    }

    public RedactedException()
        : this("", "", "")
    {
    }

    public RedactedException(string message)
        : this("", message, message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
        OriginalType = "";
        _text = message;
    }

    /// <summary>The full name of the exception this one stands for.</summary>
    public string OriginalType { get; } = "";

    /// <summary><paramref name="exception"/> itself when none of its texts changes, else its scrubbed copy.</summary>
    public static Exception From(Exception exception, IReadOnlyCollection<string> values)
    {
        var original = exception.ToString();
        var scrubbed = PersonalValues.Scrub(original, values);
        if (string.Equals(original, scrubbed, StringComparison.Ordinal))
            return exception;
        return new RedactedException(
            exception.GetType().FullName ?? exception.GetType().Name,
            PersonalValues.Scrub(exception.Message, values),
            scrubbed);
    }

    /// <summary>What a sink writes: the original's whole text (type, messages, inner exceptions, stack traces), scrubbed.</summary>
    public override string ToString() => _text.Length > 0 ? _text : string.Create(CultureInfo.InvariantCulture, $"{OriginalType}: {Message}");
}
