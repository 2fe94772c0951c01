using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Horizont.Hosting.Data;

/// <summary>
/// The connection string an EF Core store connects to PostgreSQL with: the TLS rule of
/// <see cref="SecureTransportDefaults"/>, and Npgsql's automatic preparation of statements (<c>Max Auto Prepare</c>),
/// unless the string names that setting itself. A store sends the same few dozen statements thousands of times; once
/// one is prepared on a connection, PostgreSQL no longer parses and plans it for every use (a tenth of the machine's
/// CPU in the benchmark's handover; ADR 0022). Prepared statements outlive a pooled connection's reset.
/// <c>Max Auto Prepare=0</c> turns it off, for example behind a connection pooler that cannot keep prepared
/// statements (PgBouncer in transaction mode before 1.21).
/// </summary>
public static class PostgresConnections
{
    /// <summary>The most statements Npgsql keeps prepared per connection (least recently used ones make room).</summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>How often a statement is used on a connection before it is prepared.</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>The connection string as the store connects with it.</summary>
    public static string ForStore(string connectionString, IHostEnvironment environment)
    {
        var secured = SecureTransportDefaults.PostgresConnection(connectionString, environment);
        if (SecureTransportDefaults.Names(connectionString, nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare)))
            return secured;
        var builder = new NpgsqlConnectionStringBuilder(secured) { MaxAutoPrepare = MaxAutoPrepare };
        if (!SecureTransportDefaults.Names(connectionString, nameof(NpgsqlConnectionStringBuilder.AutoPrepareMinUsages)))
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        return builder.ConnectionString;
    }
}
