using Horizont.Hosting.Data;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;

namespace Horizont.Hosting.Tests;

/// <summary>Statements prepared automatically on PostgreSQL unless the connection string says otherwise (ADR 0022).</summary>
public sealed class PostgresConnectionsTests
{
    private static readonly HostingEnvironment Production = new() { EnvironmentName = "Production" };

    [Fact]
    public void A_store_prepares_its_statements_unless_told_otherwise()
    {
        var used = new NpgsqlConnectionStringBuilder(PostgresConnections.ForStore("Host=127.0.0.1;Database=horizont_provider", Production));

        Assert.Equal(PostgresConnections.MaxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal(PostgresConnections.AutoPrepareMinUsages, used.AutoPrepareMinUsages);
        Assert.Equal("horizont_provider", used.Database);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=horizont;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=127.0.0.1;Database=horizont;maxautoprepare=10", 10, 5)]
    [InlineData("Host=127.0.0.1;Database=horizont;Auto Prepare Min Usages=7", PostgresConnections.MaxAutoPrepare, 7)]
    public void What_the_connection_string_says_wins(string configured, int maxAutoPrepare, int minUsages)
    {
        var used = new NpgsqlConnectionStringBuilder(PostgresConnections.ForStore(configured, Production));

        Assert.Equal(maxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal(minUsages, used.AutoPrepareMinUsages); // 5: Npgsql's own default, left as it was
    }

    [Fact]
    public void The_tls_rule_still_applies()
    {
        var used = new NpgsqlConnectionStringBuilder(PostgresConnections.ForStore("Host=db.landkreis.example;Database=horizont", Production));

        Assert.Equal(SslMode.VerifyFull, used.SslMode);
        Assert.Equal(PostgresConnections.MaxAutoPrepare, used.MaxAutoPrepare);
    }
}
