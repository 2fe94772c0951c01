using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LoggerConfiguration = Serilog.LoggerConfiguration;

namespace Horizont.Hosting.Logging;

/// <summary>
/// Redaction at the source, for every logger of a Horizont process: Microsoft.Extensions.Logging (which ASP.NET Core,
/// EF Core, MassTransit and Horizont's own code use) and Serilog, which writes what both hand it. A careless
/// <c>logger.LogInformation("{Message}", message)</c> or an exception whose message holds a name writes no personal
/// value (ADR 0013).
/// </summary>
public static class PersonalDataLogging
{
    /// <summary>Serilog's part: personal values of a destructured Horizont object become the placeholder.</summary>
    public static LoggerConfiguration RedactPersonalData(this LoggerConfiguration log) =>
        log.Destructure.With<PersonalDataDestructuringPolicy>();

    /// <summary>
    /// Microsoft.Extensions.Logging's part: every logger the container hands out passes its arguments, scopes and
    /// exception through <see cref="PersonalDataLogger"/> first. Call after the logger factory is registered (AddSerilog).
    /// </summary>
    public static IServiceCollection AddPersonalDataRedaction(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("Register the logger factory (AddSerilog) before the personal data redaction.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => new PersonalDataLoggerFactory(Create(registered, sp)));
        return services;
    }

    private static ILoggerFactory Create(ServiceDescriptor registered, IServiceProvider services) => (ILoggerFactory)(
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}

/// <summary>Hands out <see cref="PersonalDataLogger"/>s around the loggers of the factory it wraps.</summary>
internal sealed class PersonalDataLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new PersonalDataLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

/// <summary>
/// Before a log entry goes on: a Horizont object among its arguments or scopes becomes <see cref="Redacted"/>; a
/// string argument and the exception lose the personal values of those objects and of the work in progress
/// (<see cref="PersonalValues"/>), and e-mail addresses.
/// </summary>
internal sealed class PersonalDataLogger(ILogger inner) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        state switch
        {
            IReadOnlyList<KeyValuePair<string, object?>> values when values.Any(NeedsRedaction) =>
                inner.BeginScope(Redact(values, Known(values.Select(v => v.Value)))),
            _ when PersonalData.MayCarry(state) => inner.BeginScope(new Redacted(state)),
            _ => inner.BeginScope(state),
        };

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
            return;
        var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
        if (exception is null && values is not null && !values.Any(NeedsRedaction))
        {
            // Ids, numbers, dates, codes as enums: nothing that can hold a person.
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var known = Known(values?.Select(v => v.Value) ?? [state]);
        known.UnionWith(PersonalValues.AttachedTo(exception));
        var redactedException = exception is null ? null : RedactedException.From(exception, known);
        string Format(TState original, Exception? _) => PersonalValues.Scrub(formatter(original, exception), known);
        if (values is null)
        {
            // A state without arguments (a plain text): only its rendering can be scrubbed.
            inner.Log(logLevel, eventId, state, redactedException, Format);
            return;
        }

        inner.Log(logLevel, eventId, Redact(values, known), redactedException, (_, e) => Format(state, e));
    }

    /// <summary>The personal values this entry could show: those of its Horizont objects and of the work in progress.</summary>
    private static HashSet<string> Known(IEnumerable<object?> arguments)
    {
        var known = new HashSet<string>(PersonalValues.Current, StringComparer.OrdinalIgnoreCase);
        foreach (var argument in arguments)
        {
            if (PersonalData.MayCarry(argument))
                known.UnionWith(PersonalData.ValuesOf(argument));
        }

        return known;
    }

    /// <summary>An argument that may hold a person: a text, an exception, a Horizont object (the message template is the code's own).</summary>
    private static bool NeedsRedaction(KeyValuePair<string, object?> argument) =>
        argument.Key != OriginalFormat && (argument.Value is string or Exception || PersonalData.MayCarry(argument.Value));

    private static List<KeyValuePair<string, object?>> Redact(IReadOnlyList<KeyValuePair<string, object?>> values, HashSet<string> known) =>
        values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Key == OriginalFormat ? v.Value : v.Value switch
        {
            string text => PersonalValues.Scrub(text, known),
            Exception ex => RedactedException.From(ex, known),
            { } carrying when PersonalData.MayCarry(carrying) => new Redacted(carrying),
            var other => other,
        })).ToList();
}
