using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Operations;
using Horizont.Hosting.Partners;
using Horizont.Operations.Queues;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Operations.Tests;

/// <summary>
/// Queue figures: RabbitMQ's management API answer (recorded from RabbitMQ 3.10.8) mapped to queue views, its error
/// answers turned into German texts, and on the in-memory transport what the bus itself counts.
/// </summary>
public sealed class QueueFiguresTests : IDisposable
{
    /// <summary>When <see cref="RecordedQueues"/> was recorded (Unix seconds).</summary>
    private const long RecordedAt = 1795592292;

    private const string Password = "s3cret-Pa55";

    private static readonly PartnerDirectory s_partners = new([
        new Partner { Id = "figures-horizont-ev", Name = "Horizont e.V.", Kind = AgencyKind.Provider },
        new Partner { Id = "horizont-ev", Name = "Horizont e.V.", Kind = AgencyKind.Provider },
        new Partner { Id = "ja-nordhausen", Name = "Jugendamt Nordhausen", Kind = AgencyKind.Jugendamt },
    ]);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(RecordedAt));
    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggers;

    public QueueFiguresTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task Every_queue_of_the_virtual_host_becomes_a_view_sorted_by_name_with_its_kind()
    {
        var report = await Management(Answer(HttpStatusCode.OK, RecordedQueues)).ReadAsync(CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal("rabbitmq-management", report.Source);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(RecordedAt), report.ReadAt);
        Assert.Equal(
            [
                ("figures-horizont-ev", QueueKinds.Agency),
                ("figures-horizont-ev_error", QueueKinds.Error),
                ("figures-idle", QueueKinds.Other),
                ("figures-operations", QueueKinds.Operations),
            ],
            report.Queues.Select(q => (q.Name, q.Kind)));
    }

    [Fact]
    public async Task A_quorum_queue_with_a_consumer_shows_its_counts_and_rates_but_no_age()
    {
        var report = await Management(Answer(HttpStatusCode.OK, RecordedQueues)).ReadAsync(CancellationToken.None);

        var agency = report.Queues.Single(q => q.Name == "figures-horizont-ev");
        Assert.Equal(new QueueView("figures-horizont-ev", QueueKinds.Agency, Messages: 20, Ready: 18, Unacknowledged: 2, Consumers: 1,
            PublishRate: 2.2, DeliverRate: 0.0, OldestMessageAgeSeconds: null), agency);
    }

    [Fact]
    public async Task A_classic_queue_tells_the_age_of_its_oldest_message_against_the_clock()
    {
        _time.Advance(TimeSpan.FromSeconds(78));

        var report = await Management(Answer(HttpStatusCode.OK, RecordedQueues)).ReadAsync(CancellationToken.None);

        var errors = report.Queues.Single(q => q.Name == "figures-horizont-ev_error");
        Assert.Equal(RecordedAt + 78 - 1795591970, errors.OldestMessageAgeSeconds);
        Assert.Equal((2L, 2L, 0L, 0), (errors.Messages, errors.Ready, errors.Unacknowledged, errors.Consumers));
        Assert.Equal(0.0, errors.PublishRate);
        Assert.Null(errors.DeliverRate);
        Assert.Equal(0.4, report.Queues.Single(q => q.Name == "figures-operations").DeliverRate);
    }

    [Fact]
    public async Task A_queue_nothing_passed_through_has_counts_but_no_rates()
    {
        var report = await Management(Answer(HttpStatusCode.OK, RecordedQueues)).ReadAsync(CancellationToken.None);

        var idle = report.Queues.Single(q => q.Name == "figures-idle");
        Assert.Equal((0L, 0L, 0L, 0), (idle.Messages, idle.Ready, idle.Unacknowledged, idle.Consumers));
        Assert.Null(idle.PublishRate);
        Assert.Null(idle.DeliverRate);
        Assert.Null(idle.OldestMessageAgeSeconds);
    }

    [Fact]
    public async Task A_queue_the_broker_has_no_statistics_for_yet_has_no_figures()
    {
        // Right after a broker start or a declare, RabbitMQ 3.10 lists a quorum queue with its settings only.
        const string justDeclared = """[{"arguments":{"x-queue-type":"quorum"},"auto_delete":false,"durable":true,"exclusive":false,"leader":"rabbit@vm","members":["rabbit@vm"],"name":"horizont-ev","online":["rabbit@vm"],"type":"quorum","vhost":"horizont-tests"}]""";

        var report = await Management(Answer(HttpStatusCode.OK, justDeclared)).ReadAsync(CancellationToken.None);

        Assert.Equal(new QueueView("horizont-ev", QueueKinds.Agency, null, null, null, null, null, null, null), Assert.Single(report.Queues));
    }

    [Fact]
    public async Task The_transport_user_asks_for_the_queues_of_the_transport_virtual_host()
    {
        HttpRequestMessage? asked = null;
        var transport = new RabbitMqTransportOptions { Host = "rabbit.example", ManagementPort = 15673, VHost = "/", User = "horizont", Pass = Password };

        await Management(Answer(HttpStatusCode.OK, "[]", r => asked = r), transport).ReadAsync(CancellationToken.None);

        Assert.NotNull(asked);
        Assert.Equal(HttpMethod.Get, asked.Method);
        Assert.Equal("http://rabbit.example:15673/api/queues/%2F", asked.RequestUri!.AbsoluteUri);
        Assert.Equal("Basic", asked.Headers.Authorization!.Scheme);
        Assert.Equal($"horizont:{Password}", Encoding.UTF8.GetString(Convert.FromBase64String(asked.Headers.Authorization.Parameter!)));
    }

    [Fact]
    public async Task Configured_management_url_and_user_take_precedence_and_ssl_defaults_to_https()
    {
        HttpRequestMessage? asked = null;
        var transport = new RabbitMqTransportOptions { Host = "rabbit.example", VHost = "horizont", User = "horizont", Pass = "amqp-only", UseSsl = true };

        await Management(Answer(HttpStatusCode.OK, "[]", r => asked = r), transport).ReadAsync(CancellationToken.None);
        Assert.Equal("https://rabbit.example/api/queues/horizont", asked!.RequestUri!.AbsoluteUri);

        var management = new ManagementApiOptions { Url = new Uri("https://ops.example/rabbitmq/"), User = "monitor", Password = Password };
        await Management(Answer(HttpStatusCode.OK, "[]", r => asked = r), transport, management).ReadAsync(CancellationToken.None);
        Assert.Equal("https://ops.example/rabbitmq/api/queues/horizont", asked.RequestUri!.AbsoluteUri);
        Assert.Equal($"monitor:{Password}", Encoding.UTF8.GetString(Convert.FromBase64String(asked.Headers.Authorization!.Parameter!)));
    }

    [Fact]
    public async Task A_refused_login_is_reported_in_German_with_the_url_and_never_the_password()
    {
        var transport = new RabbitMqTransportOptions { Host = "rabbit.example", VHost = "horizont-tests", User = "horizont", Pass = Password };

        var report = await Management(Answer(HttpStatusCode.Unauthorized, """{"error":"not_authorized","reason":"Login failed"}"""), transport)
            .ReadAsync(CancellationToken.None);

        Assert.Empty(report.Queues);
        Assert.Equal("rabbitmq-management", report.Source);
        Assert.Contains("http://rabbit.example:15672/api/queues/horizont-tests", report.Error);
        Assert.Contains("lehnt die Anmeldung als 'horizont' ab (401)", report.Error);
        Assert.Contains("monitoring", report.Error);
        Assert.DoesNotContain(Password, report.Error);
        var warning = Assert.Single(_logs.Lines);
        Assert.StartsWith("Warning", warning);
        Assert.Contains("http://rabbit.example:15672/api/queues/horizont-tests", warning);
        Assert.Contains("401 Unauthorized", warning);
        Assert.DoesNotContain(Password, _logs.All);
    }

    [Fact]
    public async Task An_unknown_virtual_host_or_a_missing_plugin_behind_a_proxy_answers_404()
    {
        var report = await Management(Answer(HttpStatusCode.NotFound, """{"error":"Object Not Found","reason":"Not Found"}""")).ReadAsync(CancellationToken.None);

        Assert.Empty(report.Queues);
        Assert.Contains("http://127.0.0.1:15672/api/queues/horizont-tests", report.Error);
        Assert.Contains("(404)", report.Error);
        Assert.Contains("virtuellen Host 'horizont-tests'", report.Error);
        Assert.Contains("rabbitmq-plugins enable rabbitmq_management", report.Error);
    }

    [Fact]
    public async Task A_refused_connection_says_to_enable_the_management_plugin()
    {
        var transport = new RabbitMqTransportOptions { Host = "127.0.0.1", ManagementPort = FreePort(), VHost = "horizont-tests", User = "guest", Pass = Password };
        using var http = new HttpClient { Timeout = QueueSourceRegistration.ManagementApiTimeout };

        var report = await Management(http, transport).ReadAsync(CancellationToken.None);

        Assert.Empty(report.Queues);
        Assert.Contains($"http://127.0.0.1:{transport.ManagementPort}/api/queues/horizont-tests", report.Error);
        Assert.Contains("Verbindung abgelehnt", report.Error);
        Assert.Contains("rabbitmq-plugins enable rabbitmq_management", report.Error);
        Assert.Contains("connection refused", Assert.Single(_logs.Lines));
        Assert.DoesNotContain(Password, _logs.All + report.Error);
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_in_time_is_reported_not_thrown()
    {
        using var http = new HttpClient(new Hanging()) { Timeout = TimeSpan.FromMilliseconds(100) };

        var report = await Management(http).ReadAsync(CancellationToken.None);

        Assert.Empty(report.Queues);
        Assert.Contains("antwortet nicht innerhalb von", report.Error);
    }

    [Fact]
    public async Task Another_web_server_at_the_address_is_reported_as_not_the_management_api()
    {
        var report = await Management(Answer(HttpStatusCode.OK, "<html><body>Welcome</body></html>")).ReadAsync(CancellationToken.None);

        Assert.Empty(report.Queues);
        Assert.Contains("keine Liste von Queues", report.Error);
    }

    [Fact]
    public async Task A_read_the_caller_cancels_is_cancelled_not_reported()
    {
        using var http = new HttpClient(new Hanging());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Management(http).ReadAsync(cancel.Token));
        Assert.Empty(_logs.Lines);
    }

    [Fact]
    public async Task On_rabbitmq_the_registered_source_is_the_management_api_read_through_the_http_client_factory()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs));
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(s_partners);
        services.AddOptions<HeartbeatOptions>();
        services.AddOptions<OperationsOptions>();
        var port = FreePort();
        services.AddOptions<RabbitMqTransportOptions>().Configure(o => (o.Host, o.ManagementPort, o.VHost) = ("127.0.0.1", port, "horizont-tests"));
        services.AddQueueSources(TransportKind.RabbitMq);
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var source = provider.GetRequiredService<IQueueSource>();
        var report = await source.ReadAsync(CancellationToken.None);

        Assert.IsType<RabbitMqManagementQueues>(source);
        Assert.Contains($"http://127.0.0.1:{port}/api/queues/horizont-tests", report.Error);
    }

    [Fact]
    public async Task The_bus_counts_consumed_and_faulted_messages_of_its_endpoints_once_each_despite_retries()
    {
        await using var bus = await InMemoryBus.StartAsync(_time);

        await bus.SendAsync("horizont-ev", Enumerable.Range(1, 10));
        await bus.SendAsync("ja-nordhausen", [1]);
        var report = await bus.EventuallyAsync(r =>
            r.Queues.Any(q => q is { Name: "horizont-ev", Consumed: 7, Faulted: 3, Unacknowledged: 0 })
            && r.Queues.Any(q => q is { Name: "ja-nordhausen", Consumed: 1, Unacknowledged: 0 }));

        Assert.Equal("bus", report.Source);
        Assert.Null(report.Error);
        var agency = report.Queues.Single(q => q.Name == "horizont-ev");
        Assert.Equal(QueueKinds.Agency, agency.Kind);
        Assert.Equal(1, agency.Consumers);
        Assert.Null(agency.Messages);
        Assert.Null(agency.Ready);
        Assert.Null(agency.OldestMessageAgeSeconds);
        Assert.Equal(3 * (1 + Knocks.ImmediateRetries), bus.Knocks.Attempts.Count(a => a.Queue == "horizont-ev" && a.Number % 3 == 0));
        Assert.Equal(report.Queues.OrderBy(q => q.Name, StringComparer.Ordinal).Select(q => q.Name), report.Queues.Select(q => q.Name));
    }

    [Fact]
    public async Task The_bus_rates_are_the_change_of_its_counters_per_second_between_two_reads()
    {
        await using var bus = await InMemoryBus.StartAsync(_time);
        var first = await bus.Queues.ReadAsync(CancellationToken.None);
        Assert.All(first.Queues, q => Assert.Null(q.PublishRate));
        Assert.All(first.Queues, q => Assert.Null(q.DeliverRate));

        await bus.SendAsync("ja-nordhausen", [1, 2, 4, 5, 7, 8]);
        await bus.EventuallyAsync(r => r.Queues.Any(q => q is { Name: "ja-nordhausen", Consumed: 6 }), advanceClock: false);
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = await bus.Queues.ReadAsync(CancellationToken.None);

        var queue = second.Queues.Single(q => q.Name == "ja-nordhausen");
        Assert.Equal((3.0, 3.0), (queue.PublishRate, queue.DeliverRate));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(3.0, (await bus.Queues.ReadAsync(CancellationToken.None)).Queues.Single(q => q.Name == "ja-nordhausen").DeliverRate);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0.0, (await bus.Queues.ReadAsync(CancellationToken.None)).Queues.Single(q => q.Name == "ja-nordhausen").DeliverRate);
    }

    [Fact]
    public async Task Every_endpoint_of_the_bus_has_one_consumer_while_it_runs_and_none_once_stopped()
    {
        await using var bus = await InMemoryBus.StartAsync(_time);
        var running = await bus.Queues.ReadAsync(CancellationToken.None);

        // The agency endpoints; the bus's own temporary endpoint is MassTransit's and not listed.
        Assert.Equal([("horizont-ev", QueueKinds.Agency), ("ja-nordhausen", QueueKinds.Agency)],
            running.Queues.Select(q => (q.Name, q.Kind)));
        Assert.All(running.Queues, q => Assert.Equal(1, q.Consumers));

        await bus.StopAsync();

        var stopped = await bus.Queues.ReadAsync(CancellationToken.None);
        Assert.Equal(running.Queues.Select(q => q.Name), stopped.Queues.Select(q => q.Name));
        Assert.All(stopped.Queues, q => Assert.Equal(0, q.Consumers));
    }

    private RabbitMqManagementQueues Management(HttpMessageHandler handler, RabbitMqTransportOptions? transport = null, ManagementApiOptions? management = null) =>
        Management(new HttpClient(handler), transport, management);

    private RabbitMqManagementQueues Management(HttpClient http, RabbitMqTransportOptions? transport = null, ManagementApiOptions? management = null) =>
        new(
            http,
            s_partners,
            Options.Create(new HeartbeatOptions { Queue = "figures-operations" }),
            Options.Create(transport ?? new RabbitMqTransportOptions { Host = "127.0.0.1", VHost = "horizont-tests", User = "guest", Pass = Password }),
            Options.Create(new OperationsOptions { Management = management ?? new ManagementApiOptions() }),
            _time,
            _loggers.CreateLogger<RabbitMqManagementQueues>());

    private static Recorded Answer(HttpStatusCode status, string json, Action<HttpRequestMessage>? asked = null) => new(status, json, asked);

    private static ushort FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Answers every request with one recorded response.</summary>
    private sealed class Recorded(HttpStatusCode status, string json, Action<HttpRequestMessage>? asked) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            asked?.Invoke(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }

    /// <summary>A broker that accepts the request and never answers.</summary>
    private sealed class Hanging : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public string All => string.Join(Environment.NewLine, _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }

    /// <summary>
    /// A bus on the in-memory transport with the agency endpoint policy (immediate retries) and the queue source the
    /// operations service registers for it; <c>horizont-ev</c>'s consumer fails for every third number.
    /// </summary>
    private sealed class InMemoryBus : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly FakeTimeProvider _time;

        private InMemoryBus(ServiceProvider services, FakeTimeProvider time)
        {
            _services = services;
            _time = time;
        }

        public IQueueSource Queues => _services.GetRequiredService<IQueueSource>();

        public Knocks Knocks => _services.GetRequiredService<Knocks>();

        private IBusControl Bus => _services.GetRequiredService<IBusControl>();

        public static async Task<InMemoryBus> StartAsync(FakeTimeProvider time)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(s_partners);
            services.AddOptions<HeartbeatOptions>();
            services.AddOptions<MessagingOptions>().Configure(o => o.ImmediateRetries = Knocks.ImmediateRetries);
            services.AddSingleton<Knocks>();
            services.AddQueueSources(TransportKind.InMemory);
            services.AddMassTransit(x =>
            {
                x.AddConsumer<KnockConsumer>().Endpoint(e => e.Name = "horizont-ev");
                x.AddConsumer<OtherKnockConsumer>().Endpoint(e => e.Name = "ja-nordhausen");
                x.AddConfigureEndpointsCallback(HorizontBus.ConfigureAgencyEndpoint);
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
            var provider = services.BuildServiceProvider(validateScopes: true);
            using var start = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await provider.GetRequiredService<IBusControl>().StartAsync(start.Token);
            return new InMemoryBus(provider, time);
        }

        public async Task SendAsync(string queue, IEnumerable<int> numbers)
        {
            var endpoint = await Bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            foreach (var number in numbers)
                await endpoint.Send(new Knock { Number = number });
        }

        /// <summary>Reads until the report satisfies <paramref name="condition"/>; each read a second later on the fake clock unless told otherwise.</summary>
        public async Task<QueueReport> EventuallyAsync(Func<QueueReport, bool> condition, bool advanceClock = true)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var report = await Queues.ReadAsync(CancellationToken.None);
                if (condition(report))
                    return report;
                if (clock.Elapsed > TimeSpan.FromSeconds(15))
                    throw new TimeoutException($"The bus's queue figures never got there: {string.Join("; ", report.Queues)}");
                if (advanceClock)
                    _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20);
            }
        }

        public Task StopAsync() => Bus.StopAsync(CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await _services.DisposeAsync();
        }
    }

    /// <summary>RabbitMQ 3.10.8's <c>GET /api/queues/horizont-tests</c>, recorded with a quorum agency queue holding a
    /// consumer with prefetch 2 that stopped acknowledging, a classic error queue with two timestamped messages, an
    /// unused quorum queue and a classic operations queue with an auto-ack consumer (other queues of the vhost left out).</summary>
    private const string RecordedQueues = """
        [
          {
            "arguments": {
              "x-queue-type": "quorum"
            },
            "auto_delete": false,
            "consumer_capacity": 1.0,
            "consumer_utilisation": 1.0,
            "consumers": 1,
            "durable": true,
            "effective_policy_definition": {},
            "exclusive": false,
            "garbage_collection": {
              "fullsweep_after": 65535,
              "max_heap_size": 0,
              "min_bin_vheap_size": 46422,
              "min_heap_size": 233,
              "minor_gcs": 37
            },
            "leader": "rabbit@vm",
            "members": [
              "rabbit@vm"
            ],
            "memory": 88972,
            "message_bytes": 160,
            "message_bytes_dlx": 0,
            "message_bytes_persistent": 160,
            "message_bytes_ram": 0,
            "message_bytes_ready": 144,
            "message_bytes_unacknowledged": 16,
            "message_stats": {
              "ack": 40,
              "ack_details": {
                "rate": 0.0
              },
              "deliver": 42,
              "deliver_details": {
                "rate": 0.0
              },
              "deliver_get": 42,
              "deliver_get_details": {
                "rate": 0.0
              },
              "deliver_no_ack": 0,
              "deliver_no_ack_details": {
                "rate": 0.0
              },
              "get": 0,
              "get_details": {
                "rate": 0.0
              },
              "get_empty": 0,
              "get_empty_details": {
                "rate": 0.0
              },
              "get_no_ack": 0,
              "get_no_ack_details": {
                "rate": 0.0
              },
              "publish": 60,
              "publish_details": {
                "rate": 2.2
              },
              "redeliver": 0,
              "redeliver_details": {
                "rate": 0.0
              }
            },
            "messages": 20,
            "messages_details": {
              "rate": 4.0
            },
            "messages_dlx": 0,
            "messages_persistent": 20,
            "messages_ram": 0,
            "messages_ready": 18,
            "messages_ready_details": {
              "rate": 3.6
            },
            "messages_unacknowledged": 2,
            "messages_unacknowledged_details": {
              "rate": 0.4
            },
            "name": "figures-horizont-ev",
            "node": "rabbit@vm",
            "online": [
              "rabbit@vm"
            ],
            "open_files": {
              "rabbit@vm": 0
            },
            "operator_policy": null,
            "policy": null,
            "reductions": 75810,
            "reductions_details": {
              "rate": 2168.6
            },
            "single_active_consumer_ctag": null,
            "state": "running",
            "type": "quorum",
            "vhost": "horizont-tests"
          },
          {
            "arguments": {},
            "auto_delete": false,
            "backing_queue_status": {
              "avg_ack_egress_rate": 0.0,
              "avg_ack_ingress_rate": 0.0,
              "avg_egress_rate": 0.0,
              "avg_ingress_rate": 0.0,
              "delta": [
                "delta",
                "undefined",
                0,
                0,
                "undefined"
              ],
              "len": 2,
              "mode": "default",
              "next_deliver_seq_id": 0,
              "next_seq_id": 2,
              "q1": 0,
              "q2": 0,
              "q3": 0,
              "q4": 2,
              "target_ram_count": "infinity",
              "version": 1
            },
            "consumer_capacity": 0,
            "consumer_utilisation": 0,
            "consumers": 0,
            "durable": true,
            "effective_policy_definition": {},
            "exclusive": false,
            "exclusive_consumer_tag": null,
            "garbage_collection": {
              "fullsweep_after": 65535,
              "max_heap_size": 0,
              "min_bin_vheap_size": 46422,
              "min_heap_size": 233,
              "minor_gcs": 3
            },
            "head_message_timestamp": 1795591970,
            "idle_since": "2026-11-25T07:37:51.557+00:00",
            "memory": 21144,
            "message_bytes": 12,
            "message_bytes_paged_out": 0,
            "message_bytes_persistent": 12,
            "message_bytes_ram": 12,
            "message_bytes_ready": 12,
            "message_bytes_unacknowledged": 0,
            "message_stats": {
              "publish": 2,
              "publish_details": {
                "rate": 0.0
              }
            },
            "messages": 2,
            "messages_details": {
              "rate": 0.0
            },
            "messages_paged_out": 0,
            "messages_persistent": 2,
            "messages_ram": 2,
            "messages_ready": 2,
            "messages_ready_details": {
              "rate": 0.0
            },
            "messages_ready_ram": 2,
            "messages_unacknowledged": 0,
            "messages_unacknowledged_details": {
              "rate": 0.0
            },
            "messages_unacknowledged_ram": 0,
            "name": "figures-horizont-ev_error",
            "node": "rabbit@vm",
            "operator_policy": null,
            "policy": null,
            "recoverable_slaves": null,
            "reductions": 14918,
            "reductions_details": {
              "rate": 0.0
            },
            "single_active_consumer_tag": null,
            "state": "running",
            "type": "classic",
            "vhost": "horizont-tests"
          },
          {
            "arguments": {
              "x-queue-type": "quorum"
            },
            "auto_delete": false,
            "consumer_capacity": 0,
            "consumer_utilisation": 0,
            "consumers": 0,
            "durable": true,
            "effective_policy_definition": {},
            "exclusive": false,
            "garbage_collection": {
              "fullsweep_after": 65535,
              "max_heap_size": 0,
              "min_bin_vheap_size": 46422,
              "min_heap_size": 233,
              "minor_gcs": 13
            },
            "leader": "rabbit@vm",
            "members": [
              "rabbit@vm"
            ],
            "memory": 34660,
            "message_bytes": 0,
            "message_bytes_dlx": 0,
            "message_bytes_persistent": 0,
            "message_bytes_ram": 0,
            "message_bytes_ready": 0,
            "message_bytes_unacknowledged": 0,
            "messages": 0,
            "messages_details": {
              "rate": 0.0
            },
            "messages_dlx": 0,
            "messages_persistent": 0,
            "messages_ram": 0,
            "messages_ready": 0,
            "messages_ready_details": {
              "rate": 0.0
            },
            "messages_unacknowledged": 0,
            "messages_unacknowledged_details": {
              "rate": 0.0
            },
            "name": "figures-idle",
            "node": "rabbit@vm",
            "online": [
              "rabbit@vm"
            ],
            "open_files": {
              "rabbit@vm": 0
            },
            "operator_policy": null,
            "policy": null,
            "reductions": 20361,
            "reductions_details": {
              "rate": 98.2
            },
            "single_active_consumer_ctag": null,
            "state": "running",
            "type": "quorum",
            "vhost": "horizont-tests"
          },
          {
            "arguments": {},
            "auto_delete": false,
            "backing_queue_status": {
              "avg_ack_egress_rate": 0.0,
              "avg_ack_ingress_rate": 0.0,
              "avg_egress_rate": 0.0,
              "avg_ingress_rate": 0.0,
              "delta": [
                "delta",
                "undefined",
                0,
                0,
                "undefined"
              ],
              "len": 0,
              "mode": "default",
              "next_deliver_seq_id": 0,
              "next_seq_id": 0,
              "q1": 0,
              "q2": 0,
              "q3": 0,
              "q4": 0,
              "target_ram_count": "infinity",
              "version": 1
            },
            "consumer_capacity": 1.0,
            "consumer_utilisation": 1.0,
            "consumers": 1,
            "durable": true,
            "effective_policy_definition": {},
            "exclusive": false,
            "exclusive_consumer_tag": null,
            "garbage_collection": {
              "fullsweep_after": 65535,
              "max_heap_size": 0,
              "min_bin_vheap_size": 46422,
              "min_heap_size": 233,
              "minor_gcs": 10
            },
            "head_message_timestamp": null,
            "idle_since": "2026-11-25T07:38:06.202+00:00",
            "memory": 15640,
            "message_bytes": 0,
            "message_bytes_paged_out": 0,
            "message_bytes_persistent": 0,
            "message_bytes_ram": 0,
            "message_bytes_ready": 0,
            "message_bytes_unacknowledged": 0,
            "message_stats": {
              "ack": 0,
              "ack_details": {
                "rate": 0.0
              },
              "deliver": 0,
              "deliver_details": {
                "rate": 0.0
              },
              "deliver_get": 12,
              "deliver_get_details": {
                "rate": 0.4
              },
              "deliver_no_ack": 12,
              "deliver_no_ack_details": {
                "rate": 0.4
              },
              "get": 0,
              "get_details": {
                "rate": 0.0
              },
              "get_empty": 0,
              "get_empty_details": {
                "rate": 0.0
              },
              "get_no_ack": 0,
              "get_no_ack_details": {
                "rate": 0.0
              },
              "publish": 12,
              "publish_details": {
                "rate": 0.4
              },
              "redeliver": 0,
              "redeliver_details": {
                "rate": 0.0
              }
            },
            "messages": 0,
            "messages_details": {
              "rate": 0.0
            },
            "messages_paged_out": 0,
            "messages_persistent": 0,
            "messages_ram": 0,
            "messages_ready": 0,
            "messages_ready_details": {
              "rate": 0.0
            },
            "messages_ready_ram": 0,
            "messages_unacknowledged": 0,
            "messages_unacknowledged_details": {
              "rate": 0.0
            },
            "messages_unacknowledged_ram": 0,
            "name": "figures-operations",
            "node": "rabbit@vm",
            "operator_policy": null,
            "policy": null,
            "recoverable_slaves": null,
            "reductions": 13101,
            "reductions_details": {
              "rate": 295.4
            },
            "single_active_consumer_tag": null,
            "state": "running",
            "type": "classic",
            "vhost": "horizont-tests"
          }
        ]
        """;

    public sealed record Knock
    {
        public int Number { get; init; }
    }

    /// <summary>Every delivery the test consumers saw, by queue.</summary>
    public sealed class Knocks
    {
        public const int ImmediateRetries = 2;

        public ConcurrentBag<(string Queue, int Number)> Attempts { get; } = [];
    }

    public sealed class KnockConsumer(Knocks knocks) : IConsumer<Knock>
    {
        public Task Consume(ConsumeContext<Knock> context)
        {
            knocks.Attempts.Add(("horizont-ev", context.Message.Number));
            return context.Message.Number % 3 == 0 ? throw new InvalidOperationException($"Knock {context.Message.Number} fails.") : Task.CompletedTask;
        }
    }

    public sealed class OtherKnockConsumer(Knocks knocks) : IConsumer<Knock>
    {
        public Task Consume(ConsumeContext<Knock> context)
        {
            knocks.Attempts.Add(("ja-nordhausen", context.Message.Number));
            return Task.CompletedTask;
        }
    }
}
