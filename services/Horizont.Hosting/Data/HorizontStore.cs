using Horizont.Hosting.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Data;

public enum DatabaseProvider
{
    /// <summary>A file under the data directory: the embedded default, no server.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql), for production and for several instances of a service.</summary>
    Postgres,
}

public static class HorizontStore
{
    public const string ProviderKey = "Database:Provider";

    /// <summary>
    /// Registers a service's own database, its outbox dispatcher, its migration at start and its
    /// readiness check. <c>Database__Provider</c> chooses SQLite (default: a file under the data
    /// directory unless <c>ConnectionStrings__{connectionName}</c> says otherwise) or PostgreSQL
    /// (<c>ConnectionStrings__{connectionName}</c> required), whose model and migrations live in
    /// <typeparamref name="TPostgresContext"/>; consumers and endpoints only ever see <typeparamref name="TContext"/>.
    /// </summary>
    public static IServiceCollection AddHorizontStore<TContext, TPostgresContext>(
        this IServiceCollection services, IConfiguration configuration, string connectionName, string defaultFileName)
        where TContext : DbContext
        where TPostgresContext : TContext
    {
        if (ReadProvider(configuration) == DatabaseProvider.Postgres)
        {
            Connection(configuration, connectionName, defaultFileName); // fails now, naming the key, when it is missing
            string? connection = null; // worked out once, not for every unit of work
            services.AddDbContext<TContext, TPostgresContext>((sp, options) =>
            {
                connection ??= PostgresConnections.ForStore(
                    sp.GetRequiredService<IConfiguration>().GetConnectionString(connectionName)!, sp.GetRequiredService<IHostEnvironment>());
                options.UseNpgsql(connection);
                AddInterceptors<TContext>(options, sp);
            });
            return services.AddStoreServices<TContext>(connectionName);
        }

        return services.AddHorizontStore<TContext>(connectionName, defaultFileName);
    }

    /// <summary>A store on SQLite only (a file under the data directory unless <c>ConnectionStrings__{connectionName}</c> says otherwise).</summary>
    public static IServiceCollection AddHorizontStore<TContext>(this IServiceCollection services, string connectionName, string defaultFileName)
        where TContext : DbContext
    {
        services.AddDbContext<TContext>((sp, options) =>
        {
            var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
            var dataDirectory = sp.GetRequiredService<IOptions<HorizontOptions>>().Value.DataDirectoryFullPath;
            var connectionString = string.IsNullOrWhiteSpace(configured)
                ? $"Data Source={Path.Combine(dataDirectory, defaultFileName)}"
                : configured;
            options.UseSqlite(connectionString);
            AddInterceptors<TContext>(options, sp);
        });
        return services.AddStoreServices<TContext>(connectionName);
    }

    /// <summary>
    /// A database without an outbox (the security store): the context, its migration at start and its readiness check;
    /// SQLite or PostgreSQL as <c>Database__Provider</c> says, like <see cref="AddHorizontStore{TContext, TPostgresContext}"/>.
    /// On PostgreSQL it keeps its migrations history in <c>historyTable</c>, so it can share a database with a service's store.
    /// </summary>
    public static IServiceCollection AddHorizontDatabase<TContext, TPostgresContext>(
        this IServiceCollection services, IConfiguration configuration, string connectionName, string defaultFileName, string historyTable)
        where TContext : DbContext
        where TPostgresContext : TContext
    {
        var (provider, connectionString) = Connection(configuration, connectionName, defaultFileName); // fails now, naming the key, when it is missing
        if (provider == DatabaseProvider.Postgres)
        {
            string? connection = null; // worked out once, not for every unit of work
            services.AddDbContext<TContext, TPostgresContext>((sp, options) => options.UseNpgsql(
                connection ??= PostgresConnections.ForStore(connectionString, sp.GetRequiredService<IHostEnvironment>()), o => o.MigrationsHistoryTable(historyTable)));
        }
        else
            services.AddDbContext<TContext>(options => options.UseSqlite(connectionString));
        return services.AddDatabaseServices<TContext>();
    }

    /// <summary>
    /// The database a service's store uses, as configured now (for components that open their own connections to
    /// it, such as Quartz's job store): PostgreSQL with <c>ConnectionStrings__{connectionName}</c>, or the SQLite file.
    /// </summary>
    public static (DatabaseProvider Provider, string ConnectionString) Connection(IConfiguration configuration, string connectionName, string defaultFileName)
    {
        var configured = configuration.GetConnectionString(connectionName);
        if (ReadProvider(configuration) == DatabaseProvider.Postgres)
        {
            var key = $"ConnectionStrings:{connectionName}";
            if (string.IsNullOrWhiteSpace(configured))
                throw new OptionsValidationException(key, typeof(DatabaseProvider), [$"'{ProviderKey}' is Postgres, so '{key}' must be set."]);
            return (DatabaseProvider.Postgres, configured);
        }

        if (!string.IsNullOrWhiteSpace(configured))
            return (DatabaseProvider.Sqlite, configured);
        var dataDirectory = Path.GetFullPath(configuration[$"{HorizontOptions.Section}:{nameof(HorizontOptions.DataDirectory)}"] ?? "./data");
        return (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, defaultFileName)}");
    }

    /// <summary>
    /// Brings <paramref name="db"/> to its latest migration; on SQLite it first creates the file's folder and then
    /// switches to WAL. Also for a store registered without AddHorizontStore (the sign-in store has no outbox).
    /// </summary>
    public static async Task MigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
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

    /// <summary>A readiness check (tag <c>ready</c>) that <typeparamref name="TContext"/>'s database answers.</summary>
    public static IHealthChecksBuilder AddDatabaseCheck<TContext>(this IHealthChecksBuilder checks)
        where TContext : DbContext =>
        checks.AddCheck<DatabaseHealthCheck<TContext>>(typeof(TContext).Name, tags: ["ready"]);

    /// <summary>Adds an interceptor to every unit of work of <typeparamref name="TContext"/> (after the outbox's own).</summary>
    public static IServiceCollection AddStoreInterceptor<TContext>(this IServiceCollection services, Func<IServiceProvider, IInterceptor> create)
        where TContext : DbContext =>
        services.AddSingleton(sp => new StoreInterceptor<TContext>(create(sp)));

    private static void AddInterceptors<TContext>(DbContextOptionsBuilder options, IServiceProvider sp)
        where TContext : DbContext
    {
        options.AddInterceptors(new OutboxCommitInterceptor<TContext>(sp.GetRequiredService<OutboxSignal<TContext>>()));
        options.AddInterceptors(sp.GetServices<StoreInterceptor<TContext>>().Select(i => i.Interceptor));
    }

    /// <summary>Reads <c>Database__Provider</c>, failing with a message that names the key and the allowed values.</summary>
    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
            return DatabaseProvider.Sqlite;
        if (Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider))
            return provider;
        throw new OptionsValidationException(ProviderKey, typeof(DatabaseProvider),
            [$"'{ProviderKey}' is '{value}'; allowed: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}."]);
    }

    private static IServiceCollection AddDatabaseServices<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddSingleton<IDatabaseMigrator, DatabaseMigrator<TContext>>();
        services.AddHealthChecks().AddDatabaseCheck<TContext>();
        return services;
    }

    /// <summary>The connection names of the service stores registered so far, in order (the security store's fallback on PostgreSQL).</summary>
    public static IEnumerable<string> StoreConnectionNames(this IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(StoreConnectionName)).Select(d => ((StoreConnectionName)d.ImplementationInstance!).Name);

    private static IServiceCollection AddStoreServices<TContext>(this IServiceCollection services, string connectionName)
        where TContext : DbContext
    {
        services.AddSingleton(new StoreConnectionName(connectionName));
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddSingleton<OutboxBacklog<TContext>>();
        services.AddSingleton<IOutboxBacklog>(sp => sp.GetRequiredService<OutboxBacklog<TContext>>());
        services.AddHostedService<OutboxDispatcher<TContext>>();
        services.AddHostedService<OutboxRetention<TContext>>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                $"{OutboxBacklog<TContext>.StoreName(typeof(TContext))} outbox",
                sp => new OutboxHealthCheck(sp.GetRequiredService<OutboxBacklog<TContext>>(), sp.GetRequiredService<IOptions<Messaging.MessagingOptions>>()),
                failureStatus: null,
                tags: ["ready"]));
        return services.AddDatabaseServices<TContext>();
    }
}

/// <summary>Which connection a service store uses (<c>ConnectionStrings__{Name}</c>).</summary>
internal sealed record StoreConnectionName(string Name);

/// <summary>An interceptor that belongs to one service's store.</summary>
public sealed record StoreInterceptor<TContext>(IInterceptor Interceptor)
    where TContext : DbContext;

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
        await HorizontStore.MigrateAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
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
