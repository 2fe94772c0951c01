using Horizont.Hosting.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Data;

public static class HorizontStore
{
    /// <summary>
    /// Registers a service's own database (SQLite file under the data directory unless
    /// <c>ConnectionStrings__{connectionName}</c> says otherwise), its outbox dispatcher, its
    /// migration at start and its readiness check.
    /// </summary>
    public static IServiceCollection AddHorizontStore<TContext>(this IServiceCollection services, string connectionName, string defaultFileName)
        where TContext : DbContext
    {
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddDbContext<TContext>((sp, options) =>
        {
            var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
            var dataDirectory = sp.GetRequiredService<IOptions<HorizontOptions>>().Value.DataDirectoryFullPath;
            var connectionString = string.IsNullOrWhiteSpace(configured)
                ? $"Data Source={Path.Combine(dataDirectory, defaultFileName)}"
                : configured;
            options.UseSqlite(connectionString);
            options.AddInterceptors(new OutboxCommitInterceptor<TContext>(sp.GetRequiredService<OutboxSignal<TContext>>()));
        });
        services.AddSingleton<IDatabaseMigrator, DatabaseMigrator<TContext>>();
        services.AddHostedService<OutboxDispatcher<TContext>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(typeof(TContext).Name, tags: ["ready"]);
        return services;
    }
}

/// <summary>Brings a service's schema to the latest checked-in migration before the host starts.</summary>
public interface IDatabaseMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken);
}

internal sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopes) : IDatabaseMigrator
    where TContext : DbContext
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Database.IsSqlite())
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer (API reads while consumers and the dispatcher write).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

internal sealed class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{typeof(TContext).Name} is not reachable.");
    }
}
