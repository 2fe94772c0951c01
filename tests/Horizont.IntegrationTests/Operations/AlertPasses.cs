using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Operations.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.IntegrationTests.Operations;

public static class AlertPasses
{
    /// <summary>
    /// Runs <paramref name="count"/> alert passes of operations now, one at a time with its own: a test that asserts
    /// nothing more happens waits for these passes instead of sleeping for a while.
    /// </summary>
    public static async Task RunAsync(AgencyHost ops, int count)
    {
        var monitor = ops.Services.GetRequiredService<AlertMonitor>();
        for (var i = 0; i < count; i++)
            await monitor.RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Waits until an open alert's e-mail is marked sent: the mail is accepted and the row knows it.</summary>
    public static Task MailSentAsync(AgencyHost ops, TimeSpan timeout) =>
        Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray().Any(a => a.GetProperty("mail").GetString() == "Sent"),
            "the alert e-mail", timeout);
}
