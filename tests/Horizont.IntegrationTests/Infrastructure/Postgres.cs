using Npgsql;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the database tests use: <c>HORIZONT_TEST_POSTGRES</c>, by default
/// <c>Host=127.0.0.1;Username=postgres;Password=postgres</c> (what <c>.ci/run</c> sets up). Each test
/// gets databases of its own and drops them afterwards.
/// </summary>
public static class Postgres
{
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("HORIZONT_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=postgres;Password=postgres;Timeout=5";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            await command.ExecuteNonQueryAsync();
        // Pooled, as in production: without a pool every unit of work paid for a new backend and a TLS handshake, and
        // two instances of each service took five minutes for 200 referrals instead of one. A small pool per process keeps
        // several service processes well inside the server's connection limit; the drop below ends what they leave open.
        // A connection attempt may wait 15 s (Npgsql's default): on a loaded machine the server's fork can outlast 5 s.
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 20, Timeout = 15 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The single value <paramref name="sql"/> reads from the database (a count, a flag).</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The settings of a service process (<see cref="ServiceProcess"/>) on the test broker whose store
    /// (<paramref name="store"/>: <c>Jugendamt</c> or <c>Provider</c>) is the given PostgreSQL database.
    /// </summary>
    public static Dictionary<string, string?> ServiceSettings(string dataDirectory, string store, string connectionString)
    {
        var settings = Broker.TransportSettings();
        settings["Horizont:DataDirectory"] = dataDirectory;
        settings["Database:Provider"] = "Postgres";
        settings[$"ConnectionStrings:{store}"] = connectionString;
        return settings;
    }

    private static string? Probe()
    {
        try
        {
            using var connection = new NpgsqlConnection(ServerConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return $"no PostgreSQL at {new NpgsqlConnectionStringBuilder(ServerConnectionString).Host} ({ex.GetType().Name}: {ex.Message})";
        }
    }
}

/// <summary>A test that needs PostgreSQL: skipped with the reason without one, except under <c>CI=true</c>, where it fails.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!Broker.IsCi && Postgres.UnavailableReason is { } reason)
            Skip = $"PostgreSQL test skipped: {reason}. Start PostgreSQL (see README) to run it.";
    }
}
