using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Benchmarks;

/// <summary>
/// One Horizont service in this process, built as its Program.cs builds it (<see cref="HorizontHost"/>), listening
/// with Kestrel on 127.0.0.1: the benchmark's clients speak real HTTP to it.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceHost(WebApplication app, Uri address, TimeSpan startedIn)
    {
        _app = app;
        Address = address;
        StartedIn = startedIn;
    }

    public Uri Address { get; }

    /// <summary>From building the host to listening, in this already warm process (not the published build's start).</summary>
    public TimeSpan StartedIn { get; }

    public static async Task<ServiceHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder> addService)
    {
        var started = TimeProvider.System.GetTimestamp();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseUrls(address.ToString());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            // Warnings and errors only: a log line per request would measure the console.
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        addService(builder);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return new ServiceHost(app, address, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>A new API key of <paramref name="role"/> for <paramref name="agencyId"/> in this service's security store.</summary>
    public Task<string> IssueKeyAsync(string name, string agencyId, string role) => _app.Services.IssueApiKeyAsync(name, agencyId, role);

    /// <summary>A client of its own (connections of its own) that sends <paramref name="apiKey"/>; dispose it.</summary>
    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, apiKey);
        return client;
    }

    /// <summary>One of the service's singletons (its folders, for example).</summary>
    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Reads the service's own store directly, as its consumers and endpoints see it.</summary>
    public async Task<T> QueryAsync<TContext, T>(Func<TContext, Task<T>> query)
        where TContext : DbContext
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
