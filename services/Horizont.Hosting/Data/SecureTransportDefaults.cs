using System.Net;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Horizont.Hosting.Data;

/// <summary>
/// Transport security that applies unless a setting says otherwise, outside Development, for connections that leave the
/// machine: a PostgreSQL connection string without <c>SSL Mode</c> gets <c>VerifyFull</c> (Npgsql's own default,
/// <c>Prefer</c>, talks in clear to a server without TLS, or to anyone pretending to be it), and SMTP's <c>Auto</c> becomes
/// STARTTLS required (see <see cref="Reminders.SmtpRegistration"/>). Development and connections to this machine keep
/// the lenient defaults; an explicit setting (<c>SSL Mode=Disable</c>, <c>Smtp__Security=None</c>) always wins.
/// </summary>
public static class SecureTransportDefaults
{
    /// <summary>The connection string as the service connects with it: <c>SSL Mode=VerifyFull</c> added where the rule above says.</summary>
    public static string PostgresConnection(string connectionString, IHostEnvironment environment)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (environment.IsDevelopment() || Names(connectionString, "SslMode") || IsThisMachine(builder.Host))
            return connectionString;
        builder.SslMode = SslMode.VerifyFull;
        return builder.ConnectionString;
    }

    /// <summary>Whether <paramref name="connectionString"/> names <paramref name="key"/> itself (spaces and case aside, as Npgsql reads keys).</summary>
    internal static bool Names(string connectionString, string key)
    {
        // The generic builder keeps only the keys the string names (Npgsql's answers for every key it knows).
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return named.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether every host in <paramref name="hosts"/> (Npgsql allows a comma-separated list) is this machine or a socket.</summary>
    public static bool IsThisMachine(string? hosts) =>
        string.IsNullOrWhiteSpace(hosts) || hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(host => host.StartsWith('/') || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Split(':')[0].Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
}
