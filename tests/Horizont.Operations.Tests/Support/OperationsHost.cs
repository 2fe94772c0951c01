using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Horizont.Operations.Tests.Support;

/// <summary>
/// The operations service built as its <c>Program.cs</c> builds it (no identity provider configured), on a test
/// server, with the broker's error queues replaced by <see cref="FakeErrorQueues"/>. A browser session is signed in
/// through <see cref="SignInPath"/>, an endpoint only this test host has (the embedded identity provider is another
/// piece of work; production code has no such door).
/// </summary>
public sealed partial class OperationsHost : IAsyncDisposable
{
    public const string SignInPath = "/test-only/sign-in";

    private readonly WebApplication _app;
    private readonly string _directory;

    private OperationsHost(WebApplication app, string directory, FakeErrorQueues errorQueues)
    {
        _app = app;
        _directory = directory;
        ErrorQueues = errorQueues;
    }

    public FakeErrorQueues ErrorQueues { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="services">Further registrations, after the service's own (a replacement wins).</param>
    public static async Task<OperationsHost> StartAsync(Action<IServiceCollection>? services = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "horizont-opsec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = directory,
            ["Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.AddOperations();
        var errorQueues = new FakeErrorQueues();
        builder.Services.RemoveAll<IErrorQueues>();
        builder.Services.AddSingleton<IErrorQueues>(errorQueues);
        builder.Services.AddHorizontRoutes(routes => routes.MapGet(SignInPath, SignInAsync).AllowAnonymous());
        services?.Invoke(builder.Services);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return new OperationsHost(app, directory, errorQueues);
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous() => _app.GetTestClient();

    /// <summary>A client sending <c>Authorization: ApiKey …</c> of a new key with this name and role.</summary>
    public async Task<HttpClient> WithKeyAsync(string name, string role)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", await _app.Services.IssueApiKeyAsync(name, "horizont-betrieb", role));
        return client;
    }

    /// <summary>A browser: keeps cookies, follows no redirects, signed in as <paramref name="name"/> with <paramref name="role"/>.</summary>
    public async Task<HttpClient> BrowserAsync(string name, string role)
    {
        var cookies = new CookieContainerHandler { InnerHandler = ((TestServer)_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()).CreateHandler() };
        var browser = new HttpClient(cookies) { BaseAddress = new Uri("http://localhost/") };
        using var signedIn = await browser.GetAsync($"{SignInPath}?name={Uri.EscapeDataString(name)}&role={Uri.EscapeDataString(role)}");
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        return browser;
    }

    /// <summary>The antiforgery token in the page's forms (the page issues it with its cookie).</summary>
    public static async Task<string> FormTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<IReadOnlyList<FailureAction>> ArchiveAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OperationsDbContext>().FailureActions.AsNoTracking().ToListAsync();
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery(null, null, null, null), CancellationToken.None);
    }

    public async Task RevokeAsync(string keyName)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().RevokeAsync(keyName, "test", CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, string name, string role)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(HorizontClaims.Name, name),
                new Claim(HorizontClaims.Role, role),
                new Claim(HorizontClaims.Agency, "horizont-betrieb"),
                new Claim(HorizontClaims.Kind, HorizontClaims.KindStaff),
            ], "test-sign-in", HorizontClaims.Name, HorizontClaims.Role);
        await http.SignInAsync(HorizontSecurity.CookieScheme, new ClaimsPrincipal(identity));
        return Results.NoContent();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
