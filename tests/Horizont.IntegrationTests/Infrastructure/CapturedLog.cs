using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// Every log event of a host, rendered with its properties and exception, as an operator would see
/// them. Registered as an <see cref="ILogEventSink"/> service, which Horizont's Serilog setup reads
/// from the container.
/// </summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{logEvent.Level} {logEvent.RenderMessage(CultureInfo.InvariantCulture)} {properties} {logEvent.Exception}"));
    }
}
