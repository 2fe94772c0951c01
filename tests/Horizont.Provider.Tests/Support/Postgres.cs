using Npgsql;

namespace Horizont.Provider.Tests.Support;

/// <summary>
/// The PostgreSQL server of the provider's database tests: <c>HORIZONT_TEST_POSTGRES</c>, by default
/// <c>Host=127.0.0.1;Username=postgres;Password=postgres</c> (what <c>.ci/run</c> sets up), as in the integration
/// tests. Each test gets a database of its own and drops it afterwards.
/// </summary>
internal static class Postgres
{
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("HORIZONT_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=postgres;Password=postgres;Timeout=5";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    public static string? UnavailableReason => s_unavailableReason.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// For a class's setup, which runs before its tests are skipped: an empty database, or null where the class's
    /// <c>[PostgresFact]</c> tests are skipped (no server, not under CI). Under CI a missing server fails here.
    /// </summary>
    public static async Task<string?> CreateDatabaseUnlessSkippedAsync(string prefix) =>
        UnavailableReason is not null && !IsCi ? null : await CreateDatabaseAsync(prefix);

    public static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
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
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!Postgres.IsCi && Postgres.UnavailableReason is { } reason)
            Skip = $"PostgreSQL test skipped: {reason}. Start PostgreSQL (see README) to run it.";
    }
}
