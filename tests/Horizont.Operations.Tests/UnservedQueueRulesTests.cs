using Horizont.Hosting.Messaging;
using Horizont.Messages.Operations;
using Horizont.Operations.Alerts;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;

namespace Horizont.Operations.Tests;

/// <summary>
/// Issue 11's rules: a queue without consumer only while messages wait (from the broker, or held in an outbox on the
/// in-memory transport), "Outbox staut" without the held messages, and a refused message as its own alert.
/// </summary>
public sealed class UnservedQueueRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly AlertOptions AtOnce = new() { QueueWithoutConsumer = new DurationRule { For = TimeSpan.Zero } };

    [Fact]
    public void A_queue_without_consumer_alerts_only_while_messages_wait_in_it()
    {
        var rules = new AlertRules(AtOnce);

        Assert.Empty(Evaluate(rules, Broker(Queue("brueckenbau-ev", messages: 0, consumers: 0)), heartbeats: []).Conditions);
        var alert = Assert.Single(Evaluate(rules, Broker(Queue("brueckenbau-ev", messages: 2, consumers: 0)), heartbeats: []).Conditions);

        Assert.Equal("QueueWithoutConsumer:brueckenbau-ev", alert.Key);
        Assert.Equal("brueckenbau-ev", alert.Subject);
        Assert.Contains("warten 2 Nachrichten, das Alter der ältesten ist unbekannt", alert.Text, StringComparison.Ordinal);
        Assert.Equal("Queue ohne Consumer", AlertMonitor.TitleOf(alert.Rule));
    }

    [Fact]
    public void A_queue_without_consumer_alerts_only_after_the_set_time()
    {
        var rules = new AlertRules(new AlertOptions { QueueWithoutConsumer = new DurationRule { For = TimeSpan.FromMinutes(2) } });
        var waiting = Broker(Queue("brueckenbau-ev", messages: 1, consumers: 0));

        Assert.Empty(Evaluate(rules, waiting, [], T0).Conditions);
        Assert.Contains("QueueWithoutConsumer:brueckenbau-ev", Evaluate(rules, waiting, [], T0.AddMinutes(1)).Holding);
        Assert.Single(Evaluate(rules, waiting, [], T0.AddMinutes(2)).Conditions);
    }

    [Fact]
    public void The_broker_tells_the_age_of_the_oldest_message_where_it_can()
    {
        var queue = Queue("brueckenbau-ev", messages: 4, consumers: 0) with { OldestMessageAgeSeconds = 600 };

        var unserved = Assert.Single(UnservedQueue.Of(Broker(queue), []));

        Assert.Equal(new UnservedQueue("brueckenbau-ev", 4, T0.AddMinutes(-10), UnservedQueue.Broker, []), unserved with { HeldBy = [] });
    }

    [Fact]
    public void Messages_held_in_an_outbox_for_a_queue_nobody_consumes_are_a_queue_without_consumer()
    {
        var rules = new AlertRules(AtOnce);
        var inMemory = new QueueReport(BusQueues.SourceName, T0, [Queue("horizont-ev", messages: null, consumers: 1)], null);
        HeartbeatView[] heartbeats =
        [
            Beat("jugendamt/ja-nordhausen", "a", Held("brueckenbau-ev", 2, T0.AddMinutes(-5)), Sending("horizont-ev", 1, T0)),
        ];

        var evaluation = Evaluate(rules, inMemory, heartbeats);

        var alert = Assert.Single(evaluation.Conditions);
        Assert.Equal("QueueWithoutConsumer:brueckenbau-ev", alert.Key);
        Assert.Contains("Für die Queue brueckenbau-ev warten 2 Nachrichten im Postausgang (Outbox) von jugendamt/ja-nordhausen", alert.Text, StringComparison.Ordinal);
        Assert.Contains(AlertRule.QueueWithoutConsumer, evaluation.Judged);
        var unserved = Assert.Single(UnservedQueue.Of(inMemory, heartbeats));
        Assert.Equal((2L, T0.AddMinutes(-5), UnservedQueue.Outbox), (unserved.Messages, unserved.OldestAt, unserved.Source));
    }

    [Fact]
    public void Instances_of_one_service_share_its_outbox_and_are_counted_once_while_services_add_up_and_a_gone_instance_does_not_count()
    {
        HeartbeatView[] heartbeats =
        [
            Beat("jugendamt/ja-nordhausen", "a", Held("brueckenbau-ev", 2, T0.AddMinutes(-5))) with { LastBeatAt = T0.AddSeconds(-5) },
            Beat("jugendamt/ja-nordhausen", "b", Held("brueckenbau-ev", 3, T0.AddMinutes(-5))),
            Beat("jugendamt/ja-sondershausen", "c", Held("brueckenbau-ev", 1, T0.AddMinutes(-9))),
            Beat("jugendamt/ja-kyffhaeuser", "d", Held("brueckenbau-ev", 7, T0.AddMinutes(-9))) with { State = InstanceState.Gone },
        ];

        var unserved = Assert.Single(UnservedQueue.Of(null, heartbeats));

        Assert.Equal(4, unserved.Messages);
        Assert.Equal(T0.AddMinutes(-9), unserved.OldestAt);
        Assert.Equal(["jugendamt/ja-nordhausen", "jugendamt/ja-sondershausen"], unserved.HeldBy);
    }

    [Fact]
    public void Without_heartbeats_a_queue_without_consumer_is_still_raised_but_not_judged_so_an_open_one_held_in_an_outbox_stays_open()
    {
        var evaluation = Evaluate(new AlertRules(AtOnce), Broker(Queue("brueckenbau-ev", messages: 1, consumers: 0)), heartbeats: null);

        Assert.Single(evaluation.Conditions);
        Assert.DoesNotContain(AlertRule.QueueWithoutConsumer, evaluation.Judged);
    }

    [Fact]
    public void Held_messages_do_not_make_the_outbox_stale_but_an_old_message_being_sent_does()
    {
        var rules = new AlertRules(new AlertOptions { OutboxBacklog = new DurationRule { For = TimeSpan.FromMinutes(15) } });
        var held = Beat("jugendamt/ja-nordhausen", "a", Held("brueckenbau-ev", 2, T0.AddHours(-1)), Sending("horizont-ev", 1, T0.AddMinutes(-1)));
        var stuck = Beat("jugendamt/ja-sondershausen", "b", Held("brueckenbau-ev", 2, T0.AddHours(-1)), Sending("horizont-ev", 3, T0.AddMinutes(-20)));

        var conditions = Evaluate(rules, null, [held, stuck]).Conditions;

        var alert = Assert.Single(conditions, c => c.Rule == AlertRule.OutboxBacklog);
        Assert.Equal("OutboxBacklog:jugendamt/ja-sondershausen", alert.Key);
        Assert.Contains("Für: horizont-ev (3).", alert.Text, StringComparison.Ordinal);
        Assert.Equal("Outbox staut", AlertMonitor.TitleOf(AlertRule.OutboxBacklog));
        Assert.Equal(T0.AddMinutes(-1), held.OutboxOldestSendingAt);
    }

    [Fact]
    public void A_sender_that_reports_no_destinations_is_judged_by_its_whole_outbox()
    {
        var old = Beat("provider/horizont-ev", "a") with { OutboxPending = 1, OutboxOldestAt = T0.AddMinutes(-16) };

        Assert.Equal(T0.AddMinutes(-16), old.OutboxOldestSendingAt);
        Assert.True(HeartbeatView.IsOutboxStale(old.State, old.OutboxOldestSendingAt, T0, TimeSpan.FromMinutes(15)));
        Assert.False(HeartbeatView.IsOutboxStale(InstanceState.Gone, old.OutboxOldestSendingAt, T0, TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void A_refused_message_is_its_own_alert_naming_queue_and_type_not_a_failed_message()
    {
        var rules = new AlertRules(new AlertOptions());
        FailureGroup[] groups =
        [
            Group("r1", typeof(InvalidMessageException).FullName!, "SubmitReferral"),
            Group("f1", "System.TimeoutException", "SubmitReferral"),
        ];

        var evaluation = rules.Evaluate(new OperationsPicture(T0, null, groups, null));

        Assert.Equal(["FailedMessage:f1", "MessageRefused:r1"], evaluation.Conditions.Select(c => c.Key).Order(StringComparer.Ordinal));
        var refused = evaluation.Conditions.Single(c => c.Rule == AlertRule.MessageRefused);
        Assert.Equal("horizont-ev: SubmitReferral", refused.Subject);
        Assert.Contains("hat 1 Nachricht vom Typ SubmitReferral zurückgewiesen", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("youngPerson", refused.Text, StringComparison.Ordinal);
        Assert.Contains(AlertRule.MessageRefused, evaluation.Judged);
        Assert.Equal("Nachricht zurückgewiesen", AlertMonitor.TitleOf(AlertRule.MessageRefused));
    }

    [Fact]
    public void With_the_refusal_rule_off_a_refused_message_is_a_failed_message_again()
    {
        var rules = new AlertRules(new AlertOptions { MessageRefused = new RuleSwitch { Enabled = false } });

        var evaluation = rules.Evaluate(new OperationsPicture(T0, null, [Group("r1", typeof(InvalidMessageException).FullName!, "AmendReferral")], null));

        Assert.Equal(["FailedMessage:r1"], evaluation.Conditions.Select(c => c.Key));
        Assert.DoesNotContain(AlertRule.MessageRefused, evaluation.Judged);
    }

    private static AlertEvaluation Evaluate(AlertRules rules, QueueReport? queues, IReadOnlyList<HeartbeatView>? heartbeats, DateTimeOffset? now = null) =>
        rules.Evaluate(new OperationsPicture(now ?? T0, queues, Failures: [], heartbeats));

    private static QueueReport Broker(params QueueView[] queues) => new(RabbitMqManagementQueues.SourceName, T0, queues, null);

    private static QueueView Queue(string name, long? messages, int consumers) =>
        new(name, QueueKinds.Agency, messages, messages, 0, consumers, null, null, null);

    private static OutboxDestination Held(string queue, int pending, DateTimeOffset oldest) =>
        new() { AgencyId = queue, Queue = queue, Pending = pending, OldestAt = oldest, Held = true };

    private static OutboxDestination Sending(string queue, int pending, DateTimeOffset oldest) =>
        new() { AgencyId = queue, Queue = queue, Pending = pending, OldestAt = oldest };

    private static HeartbeatView Beat(string service, string instance, params OutboxDestination[] destinations) =>
        new(service, instance, "1.0", InstanceState.Alive, T0.AddHours(-1), T0, TimeSpan.FromSeconds(10),
            destinations.Sum(d => d.Pending), destinations.Length == 0 ? null : destinations.Min(d => d.OldestAt), destinations, OutboxStale: false);

    private static FailureGroup Group(string id, string exceptionType, string messageType) =>
        new(id, "horizont-ev", "horizont-ev_error", messageType, exceptionType, "youngPerson.dateOfBirth is out of range", 1, T0, T0, []);
}
