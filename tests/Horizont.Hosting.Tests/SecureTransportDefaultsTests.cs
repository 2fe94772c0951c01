using Horizont.Hosting.Data;
using Horizont.Hosting.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests;

/// <summary>Transport security by default outside Development (docs/configuration.md "TLS").</summary>
public sealed class SecureTransportDefaultsTests
{
    [Theory]
    [InlineData("Production", "Host=db.landkreis.example;Database=horizont", "VerifyFull")]
    [InlineData("Production", "Host=db.landkreis.example;Database=horizont;SSL Mode=Disable", "Disable")]
    [InlineData("Production", "Host=db.landkreis.example;Database=horizont;SSL Mode=Require", "Require")]
    [InlineData("Production", "Host=127.0.0.1;Database=horizont", "Prefer")]
    [InlineData("Production", "Host=localhost;Database=horizont", "Prefer")]
    [InlineData("Production", "Host=/var/run/postgresql;Database=horizont", "Prefer")]
    [InlineData("Production", "Host=127.0.0.1,db2.landkreis.example;Database=horizont", "VerifyFull")]
    [InlineData("Development", "Host=db.landkreis.example;Database=horizont", "Prefer")]
    public void A_postgres_connection_to_another_machine_verifies_the_servers_certificate_unless_told_otherwise(string environment, string configured, string sslMode)
    {
        var used = new Npgsql.NpgsqlConnectionStringBuilder(SecureTransportDefaults.PostgresConnection(configured, new Environment(environment)));

        Assert.Equal(sslMode, used.SslMode.ToString()); // Prefer: Npgsql's own default, the string left as it was
        Assert.Equal("horizont", used.Database);
    }

    [Theory]
    [InlineData("Production", "mail.landkreis.example", SmtpSecurity.Auto, SmtpSecurity.StartTls)]
    [InlineData("Production", "mail.landkreis.example", SmtpSecurity.None, SmtpSecurity.None)]
    [InlineData("Production", "127.0.0.1", SmtpSecurity.Auto, SmtpSecurity.Auto)]
    [InlineData("Development", "mail.landkreis.example", SmtpSecurity.Auto, SmtpSecurity.Auto)]
    public void Smtp_auto_requires_starttls_outside_development_for_another_machine(string environment, string host, SmtpSecurity configured, SmtpSecurity used)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = host,
            ["Smtp:Security"] = configured.ToString(),
            ["Smtp:From"] = "horizont@landkreis.example",
        }).Build());
        services.AddSingleton<IHostEnvironment>(new Environment(environment));
        services.AddSmtp([]);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(used, provider.GetRequiredService<IOptions<SmtpOptions>>().Value.Security);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Horizont";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
