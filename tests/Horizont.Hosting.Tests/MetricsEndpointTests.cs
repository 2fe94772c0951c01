using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Horizont.Hosting.Data;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using OpenTelemetry.Exporter;

namespace Horizont.Hosting.Tests;

/// <summary>
/// A process built the way every <c>Program.cs</c> builds it (<see cref="HorizontHost.CreateBuilder"/>, then
/// <see cref="HorizontHost.BuildAsync"/>), on Kestrel with a free port, answers Prometheus at <c>/metrics</c>.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "horizont-metrics-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication _app = null!;
    private Uri _address = null!;
    private string _operationsKey = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var builder = HorizontHost.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = _directory,
            ["Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Error",
        });
        builder.Services.AddHorizontStore<TestDbContext>("MetricsTest", "metrics-test.db");
        // The test context has no migrations of its own: its tables are created below instead.
        builder.Services.RemoveAll<IDatabaseMigrator>();
        builder.Services.AddHorizontConsumers(x => x.AddConsumer<MetricsPingConsumer>().Endpoint(e => e.Name = "metrics-ping"));
        // Every scrape collects afresh (by default a scrape within 300 ms gets the previous answer).
        builder.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);

        _app = await HorizontHost.BuildAsync(builder);
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        await _app.StartAsync();
        _address = new Uri(new Uri(_app.Urls.First()), "/metrics");
        _operationsKey = await _app.Services.IssueApiKeyAsync("prometheus", "horizont-ev", HorizontRoles.Operations);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_count_the_messages_a_consumer_handled()
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:metrics-ping"));
        await endpoint.Send(new MetricsPing());
        await endpoint.Send(new MetricsPing());

        await EventuallyAsync(async () => Sample(await ScrapeAsync(), "messaging_masstransit_consume_ea_total", ("messaging_masstransit_consumer_type", "MetricsPingConsumer")) >= 2,
            "two consumed pings in /metrics");

        using var client = Scraper(_operationsKey);
        using var response = await client.GetAsync(_address);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(2, Sample(text, "messaging_masstransit_consume_ea_total", ("messaging_masstransit_consumer_type", "MetricsPingConsumer")));
        Assert.Equal(2, Sample(text, "messaging_masstransit_receive_ea_total", ("messaging_masstransit_destination", "metrics-ping")));
    }

    [Fact]
    public async Task Metrics_need_an_operations_key()
    {
        using var anonymous = new HttpClient();
        using (var response = await anonymous.GetAsync(_address))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        using var other = Scraper(await _app.Services.IssueApiKeyAsync("intake", "horizont-ev", HorizontRoles.ProviderIntake));
        using (var response = await other.GetAsync(_address))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_outbox_backlog_of_each_store_is_a_gauge_with_count_and_age_of_the_oldest_unsent_message()
    {
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            // Nowhere to send these (the agency is not in the partner directory): they stay in the outbox.
            db.EnqueueSend(new MetricsPing(), "unbekannt-ev", null, now.AddMinutes(-5));
            db.EnqueueSend(new MetricsPing(), "unbekannt-ev", null, now.AddMinutes(-1));
            db.EnqueueSend(new MetricsPing(), "unbekannt-ev", null, now.AddMinutes(-30)).SentAt = now.AddMinutes(-29);
            await db.SaveChangesAsync();
        }

        var backlog = Assert.Single(_app.Services.GetServices<IOutboxBacklog>());
        Assert.Equal("Test", backlog.Store);
        Assert.Same(backlog, _app.Services.GetRequiredService<OutboxBacklog<TestDbContext>>());
        var snapshot = await backlog.ReadAsync(CancellationToken.None);
        Assert.Equal(2, snapshot.Pending);
        Assert.Equal(now.AddMinutes(-5).UtcTicks, snapshot.OldestCreatedAt?.UtcTicks);
        Assert.Same(snapshot, backlog.Last);

        var text = await ScrapeAsync();
        Assert.Equal(2, Sample(text, "horizont_outbox_pending", ("store", "Test")));
        var age = Sample(text, "horizont_outbox_oldest_age_seconds", ("store", "Test"));
        Assert.InRange(age ?? -1, 300, 360);
    }

    [Fact]
    public async Task An_empty_outbox_shows_zero_pending_and_zero_age()
    {
        await _app.Services.GetRequiredService<IOutboxBacklog>().ReadAsync(CancellationToken.None);

        var text = await ScrapeAsync();

        Assert.Equal(0, Sample(text, "horizont_outbox_pending", ("store", "Test")));
        Assert.Equal(0, Sample(text, "horizont_outbox_oldest_age_seconds", ("store", "Test")));
    }

    private async Task<string> ScrapeAsync()
    {
        using var client = Scraper(_operationsKey);
        using var response = await client.GetAsync(_address);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static HttpClient Scraper(string key)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("ApiKey", key);
        return client;
    }

    /// <summary>The value of the sample of <paramref name="metric"/> whose labels include <paramref name="label"/>; null when there is none.</summary>
    internal static double? Sample(string text, string metric, (string Name, string Value) label)
    {
        var pattern = new Regex($"^{Regex.Escape(metric)}\\{{(?<labels>[^}}]*)\\}} (?<value>\\S+)", RegexOptions.Multiline);
        foreach (Match match in pattern.Matches(text))
        {
            if (match.Groups["labels"].Value.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal))
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return null;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        // Generous: under a full parallel test run on two cores the first consume can take many seconds.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited 60 s for {what}.");
            await Task.Delay(100);
        }
    }
}

public sealed record MetricsPing;

public sealed class MetricsPingConsumer : IConsumer<MetricsPing>
{
    public Task Consume(ConsumeContext<MetricsPing> context) => Task.CompletedTask;
}

/// <summary>The refresher behind the outbox gauges: reads at start, survives a failing store, never reads in a scrape.</summary>
public sealed class OutboxBacklogRefresherTests : IDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task A_store_whose_read_fails_is_counted_while_the_others_are_measured_and_the_refresher_keeps_running()
    {
        var broken = Substitute.For<IOutboxBacklog>();
        broken.Store.Returns("Broken");
        broken.ReadAsync(Arg.Any<CancellationToken>()).Returns(Task.FromException<OutboxBacklogSnapshot>(new InvalidOperationException("database is locked")));
        var fine = Substitute.For<IOutboxBacklog>();
        fine.Store.Returns("Fine");
        var snapshot = new OutboxBacklogSnapshot("Fine", 3, _time.GetUtcNow().AddMinutes(-2), _time.GetUtcNow(), []);
        fine.ReadAsync(Arg.Any<CancellationToken>()).Returns(snapshot);
        fine.Last.Returns(snapshot);
        var meterFactory = _metrics.GetRequiredService<IMeterFactory>();
        using var refresher = new OutboxBacklogRefresher([broken, fine], meterFactory, _time, NullLogger<OutboxBacklogRefresher>.Instance);
        var measured = new Dictionary<(string Instrument, string Store), double>();
        using var listener = Listen(meterFactory, measured);

        await refresher.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => fine.ReceivedCalls().Any(c => c.GetMethodInfo().Name == nameof(IOutboxBacklog.ReadAsync)));
        // The gauges compute the age when they are read, from the last reading and the host's clock.
        _time.Advance(TimeSpan.FromSeconds(15));
        listener.RecordObservableInstruments();

        Assert.False(refresher.ExecuteTask!.IsCompleted, "the refresher stopped after a failed read");
        await broken.Received(1).ReadAsync(Arg.Any<CancellationToken>());
        Assert.Equal(1, measured[("horizont.outbox.backlog_read_errors", "Broken")]);
        Assert.Equal(3, measured[("horizont.outbox.pending", "Fine")]);
        Assert.Equal(135, measured[("horizont.outbox.oldest_age", "Fine")]);
        Assert.DoesNotContain(measured.Keys, k => k.Store == "Broken" && k.Instrument != "horizont.outbox.backlog_read_errors");
        // Reading the gauges did not read the database.
        await fine.Received(1).ReadAsync(Arg.Any<CancellationToken>());

        await refresher.StopAsync(CancellationToken.None);
        Assert.True(refresher.ExecuteTask.IsCompletedSuccessfully);
    }

    private static MeterListener Listen(IMeterFactory meterFactory, Dictionary<(string, string), double> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var store = tags.ToArray().Single(t => t.Key == "store").Value as string ?? "";
            lock (measured)
            {
                var key = (instrument.Name, store);
                measured[key] = instrument is Counter<long> ? measured.GetValueOrDefault(key) + value : value;
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        return listener;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The refresher did not read at start.");
            await Task.Delay(20);
        }
    }
}
