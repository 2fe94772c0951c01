using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting;

/// <summary>How many requests a process works on at once (<c>Http__MaxConcurrentRequests</c>) and how many wait (<c>Http__RequestQueueLimit</c>).</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Http";

    /// <summary>
    /// Requests in progress at once. Each holds a database connection while it works, so this bounds what one instance
    /// asks of the database server (PostgreSQL's default <c>max_connections</c> is 100, shared by every service and
    /// instance). More than a few per core only lengthens each request.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>Requests that wait, oldest first, for one of those places; beyond them a request is answered 503 with <c>Retry-After</c> at once.</summary>
    [Range(0, 1_000_000)]
    public int RequestQueueLimit { get; set; } = 2_000;
}

/// <summary>
/// Back pressure at the door: a process under more load than it can serve lets requests wait their turn and answers
/// the ones beyond its queue 503 with <c>Retry-After</c> and a German reason, instead of taking them all on at once
/// until the database refuses connections and every request fails with 500. Health and metrics are never held back,
/// so an overloaded process still reports that it is alive.
/// </summary>
public static class RequestLimits
{
    /// <summary>The reason a refused request gets (staff and partner systems read it).</summary>
    public const string BusyTitle = "Der Dienst ist gerade ausgelastet. Bitte die Anfrage in einer Sekunde erneut senden; sie wurde nicht bearbeitet.";

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>>(sp => new ConfigureOptions<RateLimiterOptions>(options =>
            Configure(options, sp.GetRequiredService<IOptions<RequestLimitOptions>>().Value)));
        return services;
    }

    /// <summary>One concurrency limit shared by every request of the process except health and metrics.</summary>
    internal static void Configure(RateLimiterOptions options, RequestLimitOptions limits)
    {
        var limiter = new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrentRequests,
            QueueLimit = limits.RequestQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, bool>(context => IsExempt(context.Request.Path)
            ? RateLimitPartition.GetNoLimiter(false)
            : RateLimitPartition.GetConcurrencyLimiter(true, _ => limiter));
        options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: BusyTitle).ExecuteAsync(rejected.HttpContext);
        };
    }

    /// <summary>Liveness, readiness and metrics: they carry no work and must answer while the process is busy.</summary>
    internal static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(Observability.HorizontTelemetry.ScrapePath, StringComparison.OrdinalIgnoreCase);
}
