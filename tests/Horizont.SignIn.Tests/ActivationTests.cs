using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.SignIn.Tests;

/// <summary>When the embedded provider runs, and what it tells the core; decided at registration, before anything starts.</summary>
public sealed class ActivationTests
{
    [Fact]
    public void All_in_one_host_runs_it_without_any_setting_and_points_the_core_at_itself()
    {
        var builder = Builder(new() { ["Security:PublicUrl"] = "http://localhost:5000" });

        builder.AddLocalSignIn(onByDefault: true);

        Assert.True(Registered(builder));
        using var services = builder.Services.BuildServiceProvider();
        var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        Assert.Equal("http://localhost:5000", security.Authority);
        Assert.False(security.RequireHttpsMetadata);
        Assert.Equal("horizont", security.ClientId);
        Assert.Equal("horizont", security.Audience);
        Assert.Equal(("role", "agency", "preferred_username"), (security.RoleClaim, security.AgencyClaim, security.NameClaim));
    }

    [Fact]
    public void Without_a_public_address_it_uses_the_address_the_process_listens_on()
    {
        var builder = HorizontHost.CreateBuilder(["--environment=Production"], "http://localhost:5000");

        builder.AddLocalSignIn(onByDefault: true);

        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal("http://localhost:5000", services.GetRequiredService<IOptions<SecurityOptions>>().Value.Authority);
    }

    [Fact]
    public void Https_public_address_makes_the_core_require_https_metadata()
    {
        var builder = Builder(new() { ["Security:PublicUrl"] = "https://horizont.example.org/" }, environment: "Production");

        builder.AddLocalSignIn(onByDefault: true);

        using var services = builder.Services.BuildServiceProvider();
        var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        Assert.Equal("https://horizont.example.org", security.Authority);
        Assert.True(security.RequireHttpsMetadata);
    }

    [Fact]
    public void An_external_identity_provider_switches_it_off_in_the_all_in_one_host()
    {
        var builder = Builder(new() { ["Security:Authority"] = "https://login.example.org/realms/horizont" });

        builder.AddLocalSignIn(onByDefault: true);

        Assert.False(Registered(builder));
    }

    [Fact]
    public void A_separate_service_runs_it_only_when_enabled()
    {
        var off = Builder(new() { ["Security:PublicUrl"] = "http://localhost:5200" });
        var on = Builder(new() { ["Security:PublicUrl"] = "http://localhost:5200", ["Security:LocalProvider:Enabled"] = "true" });

        off.AddLocalSignIn();
        on.AddLocalSignIn();

        Assert.False(Registered(off));
        Assert.True(Registered(on));
    }

    [Fact]
    public void Enabling_it_next_to_an_external_provider_stops_the_start_naming_both_keys()
    {
        var builder = Builder(new() { ["Security:Authority"] = "https://login.example.org", ["Security:LocalProvider:Enabled"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddLocalSignIn());

        Assert.Contains("Security:LocalProvider:Enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Authority", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://horizont.example.org")]
    [InlineData("http://10.0.0.5:5000")]
    public void Plain_http_on_a_network_address_outside_development_stops_the_start(string publicUrl)
    {
        var builder = Builder(new() { ["Security:PublicUrl"] = publicUrl }, environment: "Production");

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddLocalSignIn(onByDefault: true));

        Assert.Contains("'Security:PublicUrl' must use https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_on_a_network_address_is_allowed_in_development()
    {
        var builder = Builder(new() { ["Security:PublicUrl"] = "http://10.0.0.5:5000" }, environment: "Development");

        builder.AddLocalSignIn(onByDefault: true);

        Assert.True(Registered(builder));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("not a url")]
    public void A_public_address_staff_cannot_reach_stops_the_start_naming_the_key(string publicUrl)
    {
        var builder = Builder(new() { ["Security:PublicUrl"] = publicUrl });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddLocalSignIn(onByDefault: true));

        Assert.Contains("'Security:PublicUrl' must be the absolute http(s) address", error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings, string environment = "Production")
    {
        var builder = HorizontHost.CreateBuilder([$"--environment={environment}"]);
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static bool Registered(WebApplicationBuilder builder) =>
        builder.Services.Any(d => d.ServiceType == typeof(IDatabaseMigrator));
}
