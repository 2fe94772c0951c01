using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;


namespace Horizont.Hosting.Observability;

/// <summary>
/// OpenTelemetry metrics of every Horizont process, scraped by Prometheus at <see cref="ScrapePath"/>: MassTransit's
/// meter, Horizont's own (with the outbox backlog gauges), and what ASP.NET Core and the runtime measure without
/// extra packages. See docs/metrics.md.
/// </summary>
public static class HorizontTelemetry
{
    /// <summary>Per process, like <c>/health/live</c>: not under a service's prefix.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>The meters exported; all are created by the runtime, ASP.NET Core, MassTransit or Horizont itself.</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        InstrumentationOptions.MeterName, // "MassTransit": on by default, nothing to enable
        HorizontMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>Registers the meter provider, the Prometheus exporter and the outbox backlog refresher.</summary>
    public static WebApplicationBuilder AddHorizontTelemetry(this WebApplicationBuilder builder)
    {
        KeepMassTransitInstrumentsForTheProcess();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics.AddMeter([.. Meters]).AddPrometheusExporter());
        builder.Services.AddHostedService<OutboxBacklogRefresher>();
        return builder;
    }

    /// <summary>
    /// MassTransit keeps its instruments in static fields, created once per process by the first bus or caller. Left to
    /// itself, a bus takes them from its host's meter factory, and they die with that host: a later host in the same
    /// process (a test run builds many) would then count nothing. This gives them a meter as long-lived as the fields
    /// (what MassTransit's <c>UseInstrumentation</c> does). The first configuration wins; later calls do nothing, so a
    /// process that builds buses outside <see cref="AddHorizontTelemetry"/> calls this before the first one.
    /// </summary>
    public static void KeepMassTransitInstrumentsForTheProcess()
    {
        var instrumentation = new InstrumentationOptions();
        new ConfigureDefaultInstrumentationOptions().Configure(instrumentation);
        LogContextInstrumentationExtensions.TryConfigure(instrumentation);
    }

    /// <summary>Maps the scraping endpoint; its own requests are left out of the HTTP metrics.</summary>
    public static WebApplication MapHorizontTelemetry(this WebApplication app)
    {
        // Operations staff or a metrics key (an API key with the Operations role), e.g. Prometheus' authorization header.
        app.MapPrometheusScrapingEndpoint(ScrapePath).DisableHttpMetrics().RequireApi(HorizontRoles.Operations);
        return app;
    }
}
