using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>One Horizont process, built exactly as its Program.cs builds it, on a test server.</summary>
public sealed class AgencyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgencyHost(WebApplication app, string dataDirectory, Uri? baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Client = NewClient(new StaffKeys(app.Services));
    }

    /// <summary>
    /// Sends, on the Jugendamt's and the provider's routes, an API key of that side's agency (<see cref="StaffKeys"/>):
    /// the Jugendamt's case system, the provider's team lead. Other routes get what the test sets.
    /// </summary>
    public HttpClient Client { get; }

    public string DataDirectory { get; }

    /// <summary>Where a browser reaches it (<see cref="StartListeningAsync"/>); null on the test server.</summary>
    public Uri? BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<AgencyHost> StartAsync(string dataDirectory, IDictionary<string, string?> settings, params Action<WebApplicationBuilder>[] services) =>
        StartAsync(dataDirectory, settings, baseAddress: null, services);

    /// <summary>On Kestrel at 127.0.0.1 and a free port, for a real browser.</summary>
    public static Task<AgencyHost> StartListeningAsync(string dataDirectory, IDictionary<string, string?> settings, params Action<WebApplicationBuilder>[] services) =>
        StartAsync(dataDirectory, settings, new Uri($"http://127.0.0.1:{Ports.Free()}"), services);

    private static async Task<AgencyHost> StartAsync(string dataDirectory, IDictionary<string, string?> settings, Uri? baseAddress, Action<WebApplicationBuilder>[] services)
    {
        var builder = HorizontHost.CreateBuilder([]);
        if (baseAddress is null)
            builder.WebHost.UseTestServer();
        else
            builder.WebHost.UseUrls(baseAddress.ToString());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Horizont:DataDirectory"] = dataDirectory,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        foreach (var add in services)
            add(builder);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return new AgencyHost(app, dataDirectory, baseAddress);
    }

    /// <summary>A client that sends <paramref name="key"/> on every request (dispose it).</summary>
    public HttpClient KeyClient(string key)
    {
        var client = NewClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, key);
        return client;
    }

    /// <summary>A client that sends no credentials (dispose it).</summary>
    public HttpClient AnonymousClient() => NewClient(null);

    /// <summary>Creates an API key in this process's security store; the key.</summary>
    public Task<string> IssueKeyAsync(string name, string agency, string role) => _app.Services.IssueApiKeyAsync(name, agency, role);

    private HttpClient NewClient(DelegatingHandler? keys)
    {
        HttpMessageHandler inner = BaseAddress is null ? _app.GetTestServer().CreateHandler() : new HttpClientHandler();
        if (keys is not null)
        {
            keys.InnerHandler = inner;
            inner = keys;
        }

        return new HttpClient(inner) { BaseAddress = BaseAddress ?? _app.GetTestServer().BaseAddress };
    }

    public async Task<JsonElement?> GetJsonOrNullAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The staff of each side of a test process: a request to <c>/jugendamt/…</c> without credentials gets an API key
/// named <see cref="CaseSystem"/>-… (JugendamtCasework of the configured Jugendamt), one to <c>/provider/…</c> a key
/// named <see cref="TeamLead"/>-… (ProviderTeamLead of the configured provider); each created at its first use.
/// </summary>
public sealed class StaffKeys(IServiceProvider services) : DelegatingHandler
{
    public const string CaseSystem = "fachverfahren";

    public const string TeamLead = "t.leitung";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _jugendamt;
    private string? _provider;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? "";
        if (request.Headers.Authorization is null && await KeyForAsync(path, cancellationToken) is { } key)
            request.Headers.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, key);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _gate.Dispose();
        base.Dispose(disposing);
    }

    private async Task<string?> KeyForAsync(string path, CancellationToken cancellationToken)
    {
        var jugendamt = path.StartsWith("/jugendamt/", StringComparison.Ordinal);
        if (!jugendamt && !path.StartsWith("/provider/", StringComparison.Ordinal))
            return null;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            if (jugendamt)
            {
                return _jugendamt ??= await services.IssueApiKeyAsync(
                    Unique(CaseSystem), AgencyOf(configuration.AsEnumerable(), "Jugendamt", "ja-nordhausen"), HorizontRoles.JugendamtCasework, cancellationToken);
            }

            return _provider ??= await services.IssueApiKeyAsync(
                Unique(TeamLead), AgencyOf(configuration.AsEnumerable(), "Provider", "horizont-ev"), HorizontRoles.ProviderTeamLead, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// <paramref name="name"/> with a suffix of its own: a restarted process, or a second one on the same store, adds a key
    /// beside the first (key names are unique per store).
    /// </summary>
    public static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The agency id a service of <paramref name="section"/> runs as (its default when not configured).</summary>
    public static string AgencyOf(IEnumerable<KeyValuePair<string, string?>> settings, string section, string defaultId) =>
        settings.FirstOrDefault(s => s.Key.Equals($"{section}:AgencyId", StringComparison.OrdinalIgnoreCase) || s.Key.Equals($"{section}__AgencyId", StringComparison.OrdinalIgnoreCase)).Value
            is { Length: > 0 } id ? id : defaultId;
}

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> returns a value, or fails naming what it waited for.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> condition, string what, TimeSpan? timeout = null)
        where T : struct
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await condition() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        await GetAsync<bool>(async () => await condition() ? true : null, what, timeout);
}

public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "horizont-it-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}

public static class Referrals
{
    /// <summary>The Jugendamt posts a referral for horizont-ev, the provider accepts it, the ledger shows it accepted.</summary>
    public static async Task HandOverAndAcceptAsync(AgencyHost jugendamt, AgencyHost provider, Guid referralId, string fileReference)
    {
        using (var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Body(referralId, "horizont-ev", fileReference)))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null, "the case at the provider");
        (await provider.Client.PostAsync($"/provider/api/cases/{referralId}/accept", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
            (await jugendamt.GetJsonOrNullAsync($"/jugendamt/api/referrals/{referralId}"))?.GetProperty("status").GetString() == "Accepted", "the acceptance in the ledger");
    }

    /// <summary>The personal data in <see cref="Body"/>: the young person's and the caseworker's, which no e-mail or log may carry.</summary>
    public static readonly string[] PersonalData = ["Testfall", "Mustermann", "2004-03-14", "14.03.2004", "0170 0000000", "Frau Beispiel", "jgh@example.org"];

    /// <summary>A valid referral body as the Jugendamt's case system would post it.</summary>
    public static object Body(Guid referralId, string providerId, string fileReference) => BodyWith(referralId, providerId, fileReference,
        youngPerson: new { givenName = "Testfall", familyName = "Mustermann", dateOfBirth = "2004-03-14", phone = "0170 0000000" },
        note: "nur nachmittags",
        caseworker: new { name = "Frau Beispiel", phone = "03631 000000", email = "jgh@example.org" });

    /// <summary>The same with the people and the note a test chooses.</summary>
    public static object BodyWith(Guid referralId, string providerId, string fileReference, object youngPerson, string note, object caseworker) => new
    {
        referralId,
        jugendamtId = "ja-nordhausen",
        providerId,
        fileReference,
        legalBasis = "JGG_10",
        hoursOrdered = 40,
        deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(70)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        consequencesExplained = true,
        youngPerson,
        workConstraints = new[] { "SCHOOL_HOURS" },
        note,
        caseworker,
    };
}

/// <summary>Real time moved to another day: timers and delays run at normal speed.</summary>
public sealed class ShiftedTimeProvider(DateTimeOffset startsAt) : TimeProvider
{
    private readonly TimeSpan _shift = startsAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}

/// <summary>Real time that a test can move forward (days pass between an intake and the first shift).</summary>
public sealed class MovableTimeProvider : TimeProvider
{
    private long _offsetTicks;
    private long _frozenTicks;

    public void Jump(TimeSpan span) => Interlocked.Add(ref _offsetTicks, span.Ticks);

    /// <summary>Stops the clock where it is: from now on it moves only by <see cref="Jump"/> (timers still run in real time).</summary>
    public void Freeze() => Interlocked.Exchange(ref _frozenTicks, System.GetUtcNow().UtcTicks);

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = Interlocked.Read(ref _frozenTicks);
        var now = frozen == 0 ? System.GetUtcNow() : new DateTimeOffset(frozen, TimeSpan.Zero);
        return now + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }
}
