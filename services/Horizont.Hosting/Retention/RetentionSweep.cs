using Horizont.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Retention;

/// <summary>
/// The scheduled job that erases personal data whose retention period has ended (ADR 0012): every
/// <see cref="MessagingOptions.RetentionInterval"/> (the interval the outbox and inbox retention already uses) it runs
/// every <see cref="IRetentionTask"/> the services registered. A failing task is logged and counted and tried again at the
/// next interval; the others still run.
/// </summary>
internal sealed class RetentionSweep(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    ILogger<RetentionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock pacing even under a test's fake clock; each task takes its cut-off from the host's clock.
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RunAllAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs every task once; how many records or files each erased. Internal for tests.</summary>
    internal async Task<IReadOnlyDictionary<string, int>> RunAllAsync(CancellationToken cancellationToken)
    {
        var erased = new Dictionary<string, int>();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IRetentionTask>())
        {
            try
            {
                erased[task.Name] = await task.RunAsync(cancellationToken);
                if (erased[task.Name] > 0)
                    logger.LogInformation("Retention: {Task} erased {Count}", task.Name, erased[task.Name]);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                HorizontMetrics.RetentionFailed(task.Name);
                logger.LogError(ex, "Retention task {Task} failed; trying again in {Interval}", task.Name, options.Value.RetentionInterval);
            }
        }

        return erased;
    }
}

public static class RetentionRegistration
{
    /// <summary>Adds <typeparamref name="TTask"/> (scoped) to the retention sweep, and the sweep itself once per host.</summary>
    public static IServiceCollection AddRetentionTask<TTask>(this IServiceCollection services)
        where TTask : class, IRetentionTask
    {
        services.AddScoped<IRetentionTask, TTask>();
        // One sweep runs every side's tasks (the all-in-one host registers the Jugendamt's and the provider's).
        if (!services.Any(d => d.ServiceType == typeof(RetentionSweep)))
        {
            services.AddSingleton<RetentionSweep>();
            services.AddHostedService(sp => sp.GetRequiredService<RetentionSweep>());
        }
        return services;
    }
}
