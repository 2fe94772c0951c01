using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Horizont.Hosting.Logging;

/// <summary>
/// The personal values of the work in progress (the message being consumed), so that a text the code did not
/// build for the log, an exception's message above all, loses them before it is written. A scope follows the
/// asynchronous flow that opened it (<see cref="Push"/>).
/// </summary>
public static partial class PersonalValues
{
    /// <summary>
    /// Kept beside the exception, not in its <see cref="Exception.Data"/>: MassTransit copies that into the fault it
    /// publishes, and the values would travel on.
    /// </summary>
    private static readonly ConditionalWeakTable<Exception, string[]> s_attached = new();

    private static readonly AsyncLocal<ImmutableHashSet<string>?> s_current = new();

    /// <summary>The values of every open scope of this flow.</summary>
    public static IReadOnlySet<string> Current => s_current.Value ?? ImmutableHashSet<string>.Empty;

    /// <summary>Adds the personal values of <paramref name="value"/> (<see cref="PersonalData.ValuesOf"/>) until the result is disposed.</summary>
    public static IDisposable Push(object? value)
    {
        var before = s_current.Value;
        var values = PersonalData.ValuesOf(value);
        if (values.Count > 0)
            s_current.Value = (before ?? ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase)).Union(values);
        return new Restore(before);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with the personal values of <paramref name="message"/> in scope; an exception that leaves
    /// it carries them along (<see cref="Attach"/>), for what is written after the scope has closed: MassTransit's retry
    /// and fault log entries, and the fault texts that go to the error queue (<see cref="Messaging.FaultTextRedaction"/>).
    /// </summary>
    public static async Task WithinAsync(object? message, Func<Task> work)
    {
        using (Push(message))
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                Attach(ex);
                throw;
            }
        }
    }

    /// <summary>Records the values of the open scopes on <paramref name="exception"/>, for a log written after they closed.</summary>
    public static void Attach(Exception exception)
    {
        if (s_current.Value is { Count: > 0 } values)
            s_attached.TryAdd(exception, values.ToArray());
    }

    /// <summary>The values <see cref="Attach"/> recorded on <paramref name="exception"/> or any of its inner exceptions.</summary>
    public static IEnumerable<string> AttachedTo(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (s_attached.TryGetValue(exception, out var values))
            {
                foreach (var value in values)
                    yield return value;
            }
        }
    }

    /// <summary>
    /// <paramref name="text"/> without any of <paramref name="values"/> (whole words, any case) and without e-mail
    /// addresses, which are personal wherever they appear.
    /// </summary>
    public static string Scrub(string text, IReadOnlyCollection<string> values)
    {
        if (text.Length == 0)
            return text;
        text = EmailAddress().Replace(text, PersonalData.Placeholder);
        if (values.Count == 0)
            return text;
        // Longest first, so that a full name goes before a part of it; whole words, so that "Max" leaves "MaxLength".
        var pattern = $@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', values.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).Select(Regex.Escape))})(?![\p{{L}}\p{{N}}])";
        return Regex.Replace(text, pattern, PersonalData.Placeholder, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    private sealed class Restore(ImmutableHashSet<string>? before) : IDisposable
    {
        public void Dispose() => s_current.Value = before;
    }
}
