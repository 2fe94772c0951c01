using System.Net;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// The web's usual protections of every Horizont process: allowed hosts, security headers, HSTS and HTTPS
/// redirection outside Development, DataProtection keys in the security store.
/// </summary>
public sealed class WebProtectionTests
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("192.168.1.10")]
    public async Task A_foreign_host_header_is_400_even_for_a_valid_key(string host)
    {
        await using var server = await SecurityHost.StartAsync();
        using var client = await server.ClientWithRoleAsync("o.betrieb", HorizontRoles.Operations);
        using var request = new HttpRequestMessage(HttpMethod.Get, TestRoutes.OperationsApi);
        request.Headers.Host = host;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("operations", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5100")]
    [InlineData("[::1]:5200")]
    public async Task The_loopback_names_of_the_embedded_default_are_allowed(string host)
    {
        await using var server = await SecurityHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_api_answer_and_a_page_answer_carry_the_security_headers()
    {
        await using var server = await SecurityHost.StartAsync();
        using var api = await server.ClientWithRoleAsync("o.betrieb", HorizontRoles.Operations);
        using var browser = await server.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var apiAnswer = await api.GetAsync(TestRoutes.OperationsApi);
        using var pageAnswer = await browser.GetAsync(TestRoutes.Page);
        using var refused = await server.Client.GetAsync(TestRoutes.OperationsApi);

        foreach (var response in new[] { apiAnswer, pageAnswer, refused })
        {
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            var policy = Header(response, "Content-Security-Policy");
            Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Outside_development_an_https_answer_carries_hsts()
    {
        await using var server = await SecurityHost.StartAsync(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "horizont.example" });
        using var client = server.Server.CreateClient();
        client.BaseAddress = new Uri("https://horizont.example/");

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = Header(response, "Strict-Transport-Security");
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_there_is_no_hsts()
    {
        await using var server = await SecurityHost.StartAsync("Development", new Dictionary<string, string?> { ["AllowedHosts"] = "horizont.example" });
        using var client = server.Server.CreateClient();
        client.BaseAddress = new Uri("https://horizont.example/");

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Outside_development_plain_http_is_redirected_to_https()
    {
        await using var server = await SecurityHost.StartAsync(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "horizont.example", ["https_port"] = "443" });
        using var client = server.Server.CreateClient();
        client.BaseAddress = new Uri("http://horizont.example/");

        using var response = await client.GetAsync(TestRoutes.OperationsApi);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://horizont.example/test/api/operations", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task In_development_plain_http_is_not_redirected()
    {
        await using var server = await SecurityHost.StartAsync("Development", new Dictionary<string, string?> { ["https_port"] = "443" });

        using var response = await server.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dataprotection_keys_are_kept_in_the_security_store()
    {
        await using var server = await SecurityHost.StartAsync();
        using var browser = await server.SignInAsync("p.aufnahme", HorizontRoles.ProviderIntake);

        using var page = await browser.GetAsync(TestRoutes.Page);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Horizont.Antiforgery", browser.Cookies.Keys);
        var keys = await server.WithStoreAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("<key ", k.Xml, StringComparison.Ordinal));
        var repository = server.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
        Assert.NotNull(repository);
        Assert.StartsWith("EntityFrameworkCoreXmlRepository", repository.GetType().Name, StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"The answer ({(int)response.StatusCode}) has no {name} header.");
}
