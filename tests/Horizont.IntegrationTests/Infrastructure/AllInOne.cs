using Horizont.Hosting;
using Horizont.Jugendamt;
using Horizont.Operations;
using Horizont.Provider;
using Horizont.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// The all-in-one composition (both agencies, operations, the embedded sign-in) on the in-memory transport and SQLite,
/// listening on a free loopback port, as a newcomer starts it; for the browser tests.
/// </summary>
public sealed class AllInOne : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private AllInOne(WebApplication app, Uri address, TempDirectory temp)
    {
        App = app;
        Address = address;
        _temp = temp;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>The data directory (stores, the sign-in's one-time passwords).</summary>
    public string DataDirectory => _temp.Path;

    /// <summary>Screenshots and downloads of the browser tests, kept as test output.</summary>
    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<AllInOne> StartAsync()
    {
        var temp = new TempDirectory();
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}");
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseUrls(address.ToString());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = temp.Path,
            ["Transport"] = "InMemory",
            ["Security:PublicUrl"] = address.ToString().TrimEnd('/'),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.AddJugendamt();
        builder.AddProvider();
        builder.AddOperations();
        builder.AddLocalSignIn(onByDefault: true);
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        Directory.CreateDirectory(Screenshots);
        return new AllInOne(app, address, temp);
    }

    /// <summary>A German browser tab of tablet size, signed in as <paramref name="user"/> (first sign-in, new password).</summary>
    public async Task<IPage> SignedInPageAsync(IBrowser browser, string user)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            Locale = "de-DE", TimezoneId = "Europe/Berlin", ViewportSize = new() { Width = 1024, Height = 768 }, AcceptDownloads = true,
        });
        await page.GotoAsync(Address.ToString());
        await LocalSignIn.FirstSignInAsync(page, DataDirectory, user);
        await page.GetByRole(AriaRole.Heading, new() { Name = $"Willkommen, {user}" }).WaitForAsync();
        return page;
    }

    /// <summary>Opens <paramref name="path"/> again (as staff press F5) until <paramref name="wanted"/> shows, for at most 30 s.</summary>
    public async Task ReloadUntilAsync(IPage page, string path, ILocator wanted)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await page.GotoAsync(new Uri(Address, path).ToString());
            if (await wanted.CountAsync() > 0)
                return;
            Assert.True(DateTime.UtcNow < until, $"{path} never showed what the test waited for");
            await Task.Delay(250);
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _temp.Dispose();
    }
}
