using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests;

/// <summary>The shared builder as a service's <c>Program.cs</c> uses it (with its default URL).</summary>
public sealed class HostBuilderTests
{
    [Fact]
    public void A_service_builder_reads_the_embedded_defaults_and_links_reminders_to_its_own_url()
    {
        var builder = HorizontHost.CreateBuilder([], "http://localhost:5199");

        Assert.Equal("InMemory", builder.Configuration["Transport"]);
        Assert.Equal("ja-nordhausen", builder.Configuration["Partners:0:Id"]);
        Assert.Equal("http://localhost:5199", builder.Configuration["Reminders:LinkBaseUrl"]);
    }

    [Fact]
    public void A_configured_link_base_wins_over_the_default_url()
    {
        var builder = HorizontHost.CreateBuilder(["--Reminders:LinkBaseUrl=https://horizont.example"], "http://localhost:5199");

        Assert.Equal("https://horizont.example", builder.Configuration["Reminders:LinkBaseUrl"]);
    }

    [Fact]
    public async Task The_bus_sends_no_usage_telemetry_to_its_vendor()
    {
        var builder = HorizontHost.CreateBuilder([], "http://localhost:5199");
        await using var app = await HorizontHost.BuildAsync(builder);

        Assert.False(app.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    [Fact]
    public async Task What_a_service_creates_in_its_data_directory_only_its_own_user_can_read()
    {
        if (OperatingSystem.IsWindows())
            return; // Windows files inherit the folder's access list.
        var directory = Path.Combine(Path.GetTempPath(), "horizont-modes-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var builder = HorizontHost.CreateBuilder([$"--Horizont:DataDirectory={directory}"]);
            builder.WebHost.UseTestServer();
            await using (var app = await HorizontHost.BuildAsync(builder))
            {
                await app.StartAsync();
                await app.StopAsync();
            }

            var created = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Append(directory).ToList();
            Assert.Contains(created, path => path.EndsWith(".db", StringComparison.Ordinal));
            var readableByOthers = new List<string>();
            foreach (var path in created)
            {
                if ((File.GetUnixFileMode(path) & OwnerOnlyFiles.Mask) != 0)
                    readableByOthers.Add(path);
            }

            Assert.Empty(readableByOthers);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
