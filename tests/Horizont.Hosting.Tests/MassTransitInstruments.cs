using System.Runtime.CompilerServices;
using Horizont.Hosting.Observability;

namespace Horizont.Hosting.Tests;

/// <summary>
/// This assembly builds buses outside <see cref="HorizontTelemetry.AddHorizontTelemetry"/> (harnesses with a meter
/// factory of their own). Whichever bus came first would own MassTransit's process-wide instruments and take them along
/// when disposed, and <see cref="MetricsEndpointTests"/> would then wait in vain for a count, depending on test order.
/// </summary>
internal static class MassTransitInstruments
{
    [ModuleInitializer]
    internal static void KeepForTheTestRun() => HorizontTelemetry.KeepMassTransitInstrumentsForTheProcess();
}
