using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Horizont.Hosting.Data;
using Horizont.Hosting.Logging;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Observability;
using Horizont.Hosting.Pages;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

namespace Horizont.Hosting;

/// <summary>
/// The startup every Horizont process shares, so that each <c>Program.cs</c> is one call:
/// Serilog's two-stage bootstrap, the embedded defaults (partner directory, messaging), options
/// validated at start, the bus, migrations, health endpoints and the service's own routes.
/// </summary>
public static class HorizontHost
{
    /// <summary>Runs a Horizont process until it is stopped; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, string defaultUrl, params Action<WebApplicationBuilder>[] services)
    {
        Log.Logger = new LoggerConfiguration().RedactPersonalData().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateBootstrapLogger();
        try
        {
            var command = SecurityCommands.IsCommand(args);
            var builder = CreateBuilder(args, defaultUrl);

            foreach (var add in services)
                add(builder);
            await using var app = await BuildAsync(builder);
            if (command)
                return await SecurityCommands.RunAsync(app.Services, args, Console.Out, Console.Error);
            await app.StartAsync();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Horizont");
            logger.LogInformation("Horizont listens on {Urls}", string.Join(", ", app.Urls));
            foreach (var note in app.Services.GetServices<StartupNote>())
                logger.LogInformation("{Note}", note.Describe(app.Services));
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Fatal(ex, "Horizont stopped because of an error at start or while running");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>The embedded defaults every service starts from (partner directory, messaging, logging), as JSON.</summary>
    public static Stream DefaultsStream() =>
        typeof(HorizontHost).Assembly.GetManifestResourceStream("horizont.defaults.json")
            ?? throw new InvalidOperationException("The embedded horizont.defaults.json is missing.");

    /// <summary>A builder with everything the services share; tests use it with their own settings.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? defaultUrl = null)
    {
        OwnerOnlyFiles.Apply();
        var builder = WebApplication.CreateBuilder(args);
        var command = SecurityCommands.IsCommand(args);
        var defaults = DefaultsStream();
        // Inserting a source reloads all sources, and the defaults' stream can be read once: so it goes in last.
        if (defaultUrl is not null)
        {
            // Links in reminder e-mails point at this process unless Reminders__LinkBaseUrl says otherwise.
            // The embedded identity provider's public address too (Security__PublicUrl). Both follow --urls when it is given.
            var reachedAt = ReachableUrl(builder.Configuration[WebHostDefaults.ServerUrlsKey]) ?? defaultUrl;
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = [new("Reminders:LinkBaseUrl", reachedAt), new("Security:PublicUrl", reachedAt)],
            });
        }

        builder.Configuration.Sources.Insert(0, new JsonStreamConfigurationSource { Stream = defaults });
        if (defaultUrl is not null && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(defaultUrl);

        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .RedactPersonalData()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture,
                // A command's stdout is its answer (a new API key, an audit listing): the log goes to stderr.
                standardErrorFromLevel: command ? Serilog.Events.LogEventLevel.Verbose : null),
            preserveStaticLogger: true);
        // Every logger the container hands out (ASP.NET Core, EF Core, MassTransit, ours) writes no personal value (ADR 0013).
        builder.Services.AddPersonalDataRedaction();

        builder.Services.AddOptions<HorizontOptions>().BindConfiguration(HorizontOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PartnerDirectoryOptions>()
            .Configure<IConfiguration>((o, c) => c.GetSection(PartnerDirectory.Section).Bind(o.Partners))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PartnerDirectoryOptions>, ValidatePartnerDirectory>();
        builder.Services.AddSingleton(sp => new PartnerDirectory(sp.GetRequiredService<IOptions<PartnerDirectoryOptions>>()));
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Staff texts are German: keep umlauts readable instead of \u00e4 (still valid, HTML-safe JSON).
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        builder.Services.AddHealthChecks();
        builder.Services.AddRequestLimits();
        builder.AddHorizontTelemetry();
        return builder;
    }

    /// <summary>
    /// The first address the process listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) as a browser on this machine
    /// reaches it: a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) becomes <c>localhost</c>.
    /// </summary>
    internal static string? ReachableUrl(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var schemeEnd = first?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (first is null || schemeEnd < 0)
            return null;
        var rest = first[(schemeEnd + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        if (hostEnd <= 0)
            hostEnd = rest.Length;
        var host = rest[..hostEnd] is "+" or "*" or "0.0.0.0" or "[::]" ? "localhost" : rest[..hostEnd];
        return first[..(schemeEnd + 3)] + host + rest[hostEnd..].TrimEnd('/');
    }

    /// <summary>Adds the bus, builds the application, migrates every database and maps every route.</summary>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder)
    {
        builder.AddHorizontSecurity();
        builder.Services.AddHorizontBus(builder.Configuration);
        var app = builder.Build();

        foreach (var migrator in app.Services.GetServices<IDatabaseMigrator>())
            await migrator.MigrateAsync(CancellationToken.None);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Before sign-in, which asks the database too: a request beyond the limit waits or is refused before any work.
        app.UseRateLimiter();
        app.UseHorizontSecurity();
        // The only routes open to anyone: liveness and readiness carry no data.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHorizontTelemetry();
        foreach (var routes in app.Services.GetServices<RouteRegistration>())
            routes.Map(app);
        app.MapStaffPages();
        return app;
    }

    /// <summary>Registers a service's HTTP routes; <see cref="BuildAsync"/> maps them.</summary>
    public static IServiceCollection AddHorizontRoutes(this IServiceCollection services, Action<IEndpointRouteBuilder> map) =>
        services.AddSingleton(new RouteRegistration(map));

    /// <summary>Registers a line the process prints once it has started (where to drop files, for example).</summary>
    public static IServiceCollection AddStartupNote(this IServiceCollection services, Func<IServiceProvider, string> describe) =>
        services.AddSingleton(new StartupNote(describe));

    internal sealed record RouteRegistration(Action<IEndpointRouteBuilder> Map);

    internal sealed record StartupNote(Func<IServiceProvider, string> Describe);
}
