using Horizont.Operations.Alerts;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;

namespace Horizont.Operations.Tests;

/// <summary>The alert rules on their own: thresholds, durations, and which alerts may resolve when a source is missing.</summary>
public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_deep_queue_alerts_only_after_it_stayed_deep_for_the_set_time_and_starts_afresh_after_a_dip()
    {
        var rules = new AlertRules(new AlertOptions { QueueDepth = new QueueDepthRule { Threshold = 100, For = TimeSpan.FromMinutes(10) } });

        Assert.Empty(Conditions(rules, T0, Queue("horizont-ev", 101)));
        Assert.Empty(Conditions(rules, T0.AddMinutes(9), Queue("horizont-ev", 500)));
        var alert = Assert.Single(Conditions(rules, T0.AddMinutes(10), Queue("horizont-ev", 500)));
        Assert.Equal("QueueDepth:horizont-ev", alert.Key);
        Assert.Contains("500 Nachrichten (Schwelle 100)", alert.Text, StringComparison.Ordinal);

        Assert.Empty(Conditions(rules, T0.AddMinutes(11), Queue("horizont-ev", 100)));
        Assert.Empty(Conditions(rules, T0.AddMinutes(12), Queue("horizont-ev", 101)));
    }

    [Fact]
    public void A_deep_queue_not_yet_deep_for_long_enough_still_holds_so_an_open_alert_survives_a_restart_of_operations()
    {
        // A fresh rule set, as after a restart: its clock starts now, but the condition holds.
        var rules = new AlertRules(new AlertOptions { QueueDepth = new QueueDepthRule { Threshold = 100, For = TimeSpan.FromMinutes(10) } });

        var evaluation = rules.Evaluate(new OperationsPicture(T0, new QueueReport("rabbitmq-management", T0, [Queue("horizont-ev", 500)], null), null, null));

        Assert.Empty(evaluation.Conditions);
        Assert.Contains(AlertRule.QueueDepth, evaluation.Judged);
        Assert.Contains("QueueDepth:horizont-ev", evaluation.Holding);
    }

    [Fact]
    public void A_failure_alert_names_type_queue_and_exception_type_but_not_the_exception_text()
    {
        var rules = new AlertRules(new AlertOptions());
        FailureGroup[] groups = [new("aaaa", "horizont-ev", "horizont-ev_error", "SubmitReferral", "System.InvalidOperationException", "Fall von [entfernt] nicht gespeichert", 1, T0, T0, [])];

        var alert = Assert.Single(rules.Evaluate(new OperationsPicture(T0, null, groups, null)).Conditions);

        Assert.Contains("System.InvalidOperationException", alert.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nicht gespeichert", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_agency_queues_count_for_depth_and_consumers()
    {
        var rules = new AlertRules(new AlertOptions
        {
            QueueDepth = new QueueDepthRule { Threshold = 1, For = TimeSpan.Zero },
            QueueWithoutConsumer = new DurationRule { For = TimeSpan.Zero },
        });

        var conditions = Conditions(rules, T0, Queue("horizont-ev_error", 50, consumers: 0, kind: QueueKinds.Error), Queue("ja-nordhausen", 5, consumers: 0));

        Assert.Equal(["QueueDepth:ja-nordhausen", "QueueWithoutConsumer:ja-nordhausen"], conditions.Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_source_that_could_not_be_read_is_not_judged_so_its_alerts_neither_resolve_nor_rise()
    {
        var rules = new AlertRules(new AlertOptions());
        var unreadable = new QueueReport("rabbitmq-management", T0, [], "Die Management-API antwortet nicht.");

        var (conditions, judged, _) = rules.Evaluate(new OperationsPicture(T0, unreadable, Failures: null, Heartbeats: []));

        Assert.Empty(conditions);
        Assert.DoesNotContain(AlertRule.QueueDepth, judged);
        Assert.DoesNotContain(AlertRule.QueueWithoutConsumer, judged);
        Assert.DoesNotContain(AlertRule.FailedMessage, judged);
        Assert.Contains(AlertRule.HeartbeatMissing, judged);
    }

    [Fact]
    public void Each_failure_group_and_each_gone_instance_is_its_own_alert_and_an_old_outbox_message_alerts_per_service()
    {
        var rules = new AlertRules(new AlertOptions { OutboxBacklog = new DurationRule { For = TimeSpan.FromMinutes(15) } });
        FailureGroup[] groups =
        [
            new("aaaa", "horizont-ev", "horizont-ev_error", "SubmitReferral", "System.TimeoutException", "Zeitüberschreitung", 3, T0, T0, []),
            new("bbbb", "ja-nordhausen", "ja-nordhausen_error", "HoursReported", "System.InvalidOperationException", "…", 1, T0, T0, []),
        ];
        HeartbeatView[] heartbeats =
        [
            Beat("provider/horizont-ev", "a", InstanceState.Gone, outboxOldestAt: null),
            Beat("jugendamt/ja-nordhausen", "b", InstanceState.Alive, outboxOldestAt: T0.AddMinutes(-16)),
            Beat("jugendamt/ja-nordhausen", "c", InstanceState.Alive, outboxOldestAt: T0.AddMinutes(-16)),
            Beat("provider/brueckenbau-ev", "d", InstanceState.Alive, outboxOldestAt: T0.AddMinutes(-14)),
        ];

        var (conditions, _, _) = rules.Evaluate(new OperationsPicture(T0, Queues: null, groups, heartbeats));

        Assert.Equal(
            ["FailedMessage:aaaa", "FailedMessage:bbbb", "HeartbeatMissing:provider/horizont-ev/a", "OutboxBacklog:jugendamt/ja-nordhausen"],
            conditions.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Contains("3 Nachrichten vom Typ SubmitReferral in der Fehler-Queue horizont-ev_error", conditions[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_switched_off_raises_nothing_and_is_not_judged()
    {
        var rules = new AlertRules(new AlertOptions { HeartbeatMissing = new RuleSwitch { Enabled = false } });

        var (conditions, judged, _) = rules.Evaluate(new OperationsPicture(T0, null, null, [Beat("operations", "x", InstanceState.Gone, null)]));

        Assert.Empty(conditions);
        Assert.DoesNotContain(AlertRule.HeartbeatMissing, judged);
    }

    [Theory]
    [InlineData(0, InstanceState.Alive)]
    [InlineData(20, InstanceState.Alive)]
    [InlineData(21, InstanceState.Late)]
    [InlineData(30, InstanceState.Late)]
    [InlineData(31, InstanceState.Gone)]
    public void An_instance_is_late_after_two_missed_beats_and_gone_after_three(int silentSeconds, InstanceState state) =>
        Assert.Equal(state, HeartbeatBoard.StateOf(TimeSpan.FromSeconds(silentSeconds), TimeSpan.FromSeconds(10)));

    private static IReadOnlyList<AlertCondition> Conditions(AlertRules rules, DateTimeOffset now, params QueueView[] queues) =>
        rules.Evaluate(new OperationsPicture(now, new QueueReport("rabbitmq-management", now, queues, null), null, null)).Conditions;

    private static QueueView Queue(string name, long messages, int consumers = 1, string kind = QueueKinds.Agency) =>
        new(name, kind, messages, messages, 0, consumers, null, null, null);

    private static HeartbeatView Beat(string service, string instance, InstanceState state, DateTimeOffset? outboxOldestAt) =>
        new(service, instance, "1.0", state, T0.AddHours(-1), T0, TimeSpan.FromSeconds(10), outboxOldestAt is null ? 0 : 4, outboxOldestAt, [], false);
}
