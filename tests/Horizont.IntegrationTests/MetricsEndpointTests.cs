using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;

namespace Horizont.IntegrationTests;

/// <summary>
/// MassTransit's counters are process-wide: a host's <c>/metrics</c> shows every bus of the test process. These tests
/// count exactly, so they run when no other test's host is running.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class MetricsCollection
{
    public const string Name = "Metrics, alone";
}

/// <summary>What the all-in-one process shows Prometheus at <c>/metrics</c> after one referral was handed over.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_handed_over_referral_shows_in_the_consume_counts_and_leaves_both_outboxes_empty_with_no_id_or_name_in_any_metric()
    {
        await using var host = await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0),
            b => b.AddJugendamt(),
            b => b.AddProvider());
        var referralId = Guid.NewGuid();
        using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", "JGH-2026-0777")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => await host.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null, "the referral at the provider");
        var backlogs = host.Services.GetServices<IOutboxBacklog>().ToList();
        Assert.Equal(["Case", "Ledger"], backlogs.Select(b => b.Store).Order());
        await Eventually.TrueAsync(async () =>
        {
            var read = await Task.WhenAll(backlogs.Select(b => b.ReadAsync(CancellationToken.None)));
            return read.All(s => s.Pending == 0 && s.OldestCreatedAt is null);
        }, "both outboxes sent");

        using var prometheus = host.KeyClient(await host.IssueKeyAsync("prometheus", "horizont-betrieb", HorizontRoles.Operations));
        using var scrape = await prometheus.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(1, Sample(text, "messaging_masstransit_consume_ea_total", ("messaging_masstransit_consumer_type", "SubmitReferralConsumer")));
        Assert.True(Sample(text, "messaging_masstransit_receive_ea_total", ("messaging_masstransit_destination", "horizont-ev")) >= 1, text);
        foreach (var store in new[] { "Case", "Ledger" })
        {
            Assert.Equal(0, Sample(text, "horizont_outbox_pending", ("store", store)));
            Assert.Equal(0, Sample(text, "horizont_outbox_oldest_age_seconds", ("store", store)));
        }

        // ASP.NET Core's own request metrics name the route template, never the id in the path.
        Assert.Equal(1, Sample(text, "http_server_request_duration_seconds_count", ("http_request_method", "POST")));
        Assert.Contains("http_route=\"/provider/api/cases/{referralId:guid}\"", text, StringComparison.Ordinal);
        foreach (var personal in new[] { referralId.ToString(), referralId.ToString("N"), "JGH-2026-0777", "Mustermann", "Testfall", "Beispiel" })
            Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The value of the sample of <paramref name="metric"/> whose labels include <paramref name="label"/>; null when there is none.</summary>
    private static double? Sample(string text, string metric, (string Name, string Value) label)
    {
        var pattern = new Regex($"^{Regex.Escape(metric)}\\{{(?<labels>[^}}]*)\\}} (?<value>\\S+)", RegexOptions.Multiline);
        foreach (Match match in pattern.Matches(text))
        {
            if (match.Groups["labels"].Value.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal))
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return null;
    }
}
