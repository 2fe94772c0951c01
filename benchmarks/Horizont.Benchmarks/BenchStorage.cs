using Microsoft.Data.Sqlite;
using Npgsql;

namespace Horizont.Benchmarks;

/// <summary>
/// Where one handover run keeps its data: a temporary folder with a data directory per service and, on PostgreSQL,
/// a database per service on the local server; all of it removed afterwards.
/// </summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly string _root;
    private readonly string? _server;
    private readonly string[] _databases;

    private BenchStorage(string name, string? server, string[] databases)
    {
        Name = name;
        _server = server;
        _databases = databases;
        _root = Path.Combine(Path.GetTempPath(), "horizont-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
    }

    /// <summary>What the run stores on, as printed ("SQLite", "PostgreSQL 15.x").</summary>
    public string Name { get; }

    public static BenchStorage Sqlite() => new("SQLite", null, []);

    /// <summary>A database for each service on <paramref name="server"/>; the version the server reports goes into the name.</summary>
    public static async Task<BenchStorage> PostgresAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string[] databases = [$"horizont_bench_ledger_{suffix}", $"horizont_bench_cases_{suffix}"];
        foreach (var database in databases)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new BenchStorage($"PostgreSQL {connection.PostgreSqlVersion}", server, databases);
    }

    /// <summary>The settings of the Jugendamt's (<paramref name="provider"/> false) or the provider's store.</summary>
    public Dictionary<string, string?> SettingsFor(string agencyId, bool provider)
    {
        var settings = new Dictionary<string, string?> { ["Horizont:DataDirectory"] = Path.Combine(_root, agencyId) };
        if (_server is null)
            return settings;
        settings["Database:Provider"] = "Postgres";
        settings[provider ? "ConnectionStrings:Provider" : "ConnectionStrings:Jugendamt"] =
            new NpgsqlConnectionStringBuilder(_server) { Database = _databases[provider ? 1 : 0] }.ConnectionString;
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        if (_server is null)
            return;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        foreach (var database in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
