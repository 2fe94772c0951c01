using System.Net;
using System.Net.Sockets;
using Horizont.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Horizont.SignIn.Tests.Support;

/// <summary>
/// A Horizont host running only the embedded sign-in provider, on Kestrel at 127.0.0.1 and a free port
/// (the OpenID Connect addresses are absolute, so a real listener keeps them honest), over a data directory
/// the test owns so that a second start can reuse it.
/// </summary>
internal sealed class SignInHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SignInHost(WebApplication app, Uri baseAddress, string dataDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public string PasswordFile => Path.Combine(DataDirectory, "signin", "initial-passwords.txt");

    public static async Task<SignInHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var builder = HorizontHost.CreateBuilder([$"--urls={baseAddress.AbsoluteUri.TrimEnd('/')}"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = dataDirectory,
            ["Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLocalSignIn(onByDefault: true);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return new SignInHost(app, baseAddress, dataDirectory);
    }

    /// <summary>A browser stand-in: keeps cookies, follows no redirects (each step is asserted).</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>The one-time passwords by user name, as the password file lists them.</summary>
    public IReadOnlyDictionary<string, string[]> InitialAccounts() =>
        File.ReadAllLines(PasswordFile)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToDictionary(fields => fields[0]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
