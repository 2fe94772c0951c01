using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests.Security;

/// <summary>
/// A minimal Horizont process (<see cref="HorizontHost.CreateBuilder"/>, <see cref="HorizontHost.BuildAsync"/>) on a
/// test server, with SQLite under a temporary data directory and the test routes of <see cref="TestRoutes"/>, which use
/// the security conventions exactly as a service's routes do.
/// </summary>
internal sealed class SecurityHost : IAsyncDisposable
{
    public const string Agency = "horizont-ev";

    private readonly WebApplication _app;

    private SecurityHost(WebApplication app, string directory)
    {
        _app = app;
        Directory = directory;
        Server = app.GetTestServer();
        Client = Server.CreateClient();
    }

    public string Directory { get; }

    public TestServer Server { get; }

    /// <summary>A client without credentials (http://localhost/).</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string SecurityDatabase => Path.Combine(Directory, "horizont-security.db");

    /// <summary>Starts the host in <paramref name="environment"/> (Production unless said otherwise) with extra <paramref name="settings"/>.</summary>
    public static async Task<SecurityHost> StartAsync(string environment = "Production", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "horizont-security-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var builder = HorizontHost.CreateBuilder([$"--environment={environment}"]);
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = directory,
            ["Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Error",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddHorizontRoutes(TestRoutes.Map);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return new SecurityHost(app, directory);
    }

    /// <summary>A new API key of <paramref name="role"/> (its name is the actor in the audit trail).</summary>
    public Task<string> KeyAsync(string name, string role, string agency = Agency) => _app.Services.IssueApiKeyAsync(name, agency, role);

    /// <summary>A client that sends <c>Authorization: ApiKey <paramref name="key"/></c>.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    public async Task<HttpClient> ClientWithRoleAsync(string name, string role, string agency = Agency) => ClientWithKey(await KeyAsync(name, role, agency));

    /// <summary>
    /// Signs a member of staff in through the test-only sign-in route and returns a client that sends the session
    /// cookie (and any later cookie the host sets, such as the antiforgery cookie).
    /// </summary>
    public async Task<CookieClient> SignInAsync(string name, string role, string agency = Agency)
    {
        var client = new CookieClient(Server.CreateClient());
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{TestRoutes.SignIn}?name={Uri.EscapeDataString(name)}&role={role}&agency={agency}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(HorizontSecurity.SessionCookie, client.Cookies.Keys);
        return client;
    }

    /// <summary>Sends one request straight into the pipeline, from <paramref name="remote"/>.</summary>
    public Task<HttpContext> SendAsync(string method, string path, string? key, IPAddress remote) =>
        Server.SendAsync(context =>
        {
            context.Request.Method = method;
            context.Request.Path = path;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("localhost");
            if (key is not null)
                context.Request.Headers.Authorization = "ApiKey " + key;
            context.Connection.RemoteIpAddress = remote;
        });

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecurityDbContext>().AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>An audit row of a member of staff reading a case, written at <paramref name="at"/>.</summary>
    public Task SeedAuditAsync(DateTimeOffset at, string actor, Guid? referralId) =>
        WithStoreAsync(async db =>
        {
            var user = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(HorizontClaims.Name, actor), new Claim(HorizontClaims.Kind, HorizontClaims.KindStaff), new Claim(HorizontClaims.Agency, Agency)], "test"));
            await new AuditTrail(db, new FakeTimeProvider(at)).RecordAsync(user, "case.read", referralId, null, "10.0.0.1", 200, CancellationToken.None);
            return true;
        });

    /// <summary>Runs <paramref name="work"/> with the process's security store.</summary>
    public async Task<T> WithStoreAsync<T>(Func<SecurityDbContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SecurityDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A test client that keeps the cookies the host sets, as a browser would (same site only).</summary>
internal sealed class CookieClient(HttpClient client) : IDisposable
{
    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                var pair = value.Split(';', 2)[0].Split('=', 2);
                Cookies[pair[0]] = pair[1];
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    public void Dispose() => client.Dispose();
}

/// <summary>The routes of the security tests, one per convention (and one with none at all).</summary>
internal static class TestRoutes
{
    public const string SignIn = "/test/session/sign-in";
    public const string Plain = "/test/plain";
    public const string OperationsApi = "/test/api/operations";
    public const string AnyApi = "/test/api/any";
    public const string Actor = "/test/api/actor";
    public const string Page = "/test/page";
    public const string AgencyApi = "/test/api/agency";
    public const string PersonalData = "Max Mustermann, geboren 01.02.2009";

    public static string Referral(Guid referralId) => $"/test/api/referrals/{referralId}";

    public static string MissingReferral(Guid referralId) => $"/test/api/referrals/{referralId}/missing";

    public static string Submission => "/test/api/submissions";

    public static void Map(IEndpointRouteBuilder routes)
    {
        // Test-only: a member of staff signs in as the identity provider's callback would sign them in.
        routes.MapPost(SignIn, async (string name, string role, string agency, HttpContext http) =>
        {
            var identity = new ClaimsIdentity(
                [
                    new Claim(HorizontClaims.Name, name),
                    new Claim(HorizontClaims.Role, role),
                    new Claim(HorizontClaims.Agency, agency),
                    new Claim(HorizontClaims.Kind, HorizontClaims.KindStaff),
                ],
                "test", HorizontClaims.Name, HorizontClaims.Role);
            await http.SignInAsync(HorizontSecurity.CookieScheme, new ClaimsPrincipal(identity));
            return Results.Ok();
        }).AllowAnonymous();

        routes.MapGet(Plain, () => "plain");
        routes.MapGet(OperationsApi, () => "operations").RequireApi(HorizontRoles.Operations);
        routes.MapGet(AnyApi, () => "any").RequireApi();
        routes.MapGet(Actor, (HttpContext http) => StaffActor.Of(http.User)).RequireApi();
        routes.MapGet(Page, HorizontSecurity.AntiforgeryToken).RequirePage(HorizontRoles.ProviderIntake);
        routes.MapPost(Page, () => "gespeichert").RequirePage(HorizontRoles.ProviderIntake);
        routes.MapGet(AgencyApi, () => "agency").RequireApi().ForAgency(SecurityHost.Agency);
        routes.MapGet("/test/api/referrals/{referralId:guid}", () => Results.Ok(PersonalData))
            .RequireApi().Audited("case.read", subject: _ => "1 Fall");
        routes.MapGet("/test/api/referrals/{referralId:guid}/missing", () => Results.NotFound())
            .RequireApi().Audited("case.read");
        routes.MapPost(Submission, () => Results.Accepted(value: new Submitted(SubmittedReferral)))
            .RequireApi().Audited("referral.submit", referral: result => (result as Submitted)?.ReferralId);
    }

    public static readonly Guid SubmittedReferral = Guid.Parse("5d8b1e0a-3c44-4c61-9a55-2f3a0f1e7b21");

    public sealed record Submitted(Guid ReferralId);
}
