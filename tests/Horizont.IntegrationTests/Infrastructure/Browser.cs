using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>Debian's Chromium, driven headless by Playwright (no downloaded browser; see toolchain-notes).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string? UnavailableReason =>
        File.Exists(ChromiumPath) ? null : $"no Chromium at {ChromiumPath} (apt-get install -y chromium)";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the networking switches Chromium keeps calling hosts this closed network refuses.
            Args = [ "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }
}

/// <summary>A browser test on the real broker: skipped with the reason without Chromium or RabbitMQ, except under <c>CI=true</c>.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Broker.IsCi && (Browser.UnavailableReason ?? Broker.UnavailableReason) is { } reason)
            Skip = $"Browser test skipped: {reason}.";
    }
}
