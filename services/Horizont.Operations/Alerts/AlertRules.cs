using System.Globalization;
using Horizont.Hosting;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;

namespace Horizont.Operations.Alerts;

/// <summary>A condition that holds now: one open alert per <see cref="Key"/>.</summary>
public sealed record AlertCondition(string Key, AlertRule Rule, string Subject, string Text);

/// <summary>
/// One pass of the rules: the conditions to alert on, the rules that could be judged (their other open alerts
/// resolve) and every condition key that holds now, including those not yet held long enough (their open alerts
/// stay open, so a restart of operations does not resolve and raise them again).
/// </summary>
public sealed record AlertEvaluation(IReadOnlyList<AlertCondition> Conditions, IReadOnlySet<AlertRule> Judged, IReadOnlySet<string> Holding);

/// <summary>What the rules look at in one pass. A part that could not be read is null: its alerts stay as they are.</summary>
public sealed record OperationsPicture(
    DateTimeOffset Now,
    QueueReport? Queues,
    IReadOnlyList<FailureGroup>? Failures,
    IReadOnlyList<HeartbeatView>? Heartbeats);

/// <summary>
/// The alert rules. Pure: the picture and the settings in, the conditions out; the monitor keeps the time since
/// which a queue has been too deep or without a consumer (<see cref="Since"/>). Texts are German and name queues,
/// message types and services, never a person.
/// </summary>
public sealed class AlertRules(AlertOptions options)
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary>Since when each duration condition (too deep, no consumer) has held.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Since => _since;

    /// <summary>Longest condition key: the alert table's column.</summary>
    public const int MaxKeyLength = 300;

    public AlertEvaluation Evaluate(OperationsPicture picture)
    {
        var conditions = new List<AlertCondition>();
        var judged = new HashSet<AlertRule>();

        if (picture.Failures is { } failures && options.FailedMessage.Enabled)
        {
            judged.Add(AlertRule.FailedMessage);
            conditions.AddRange(failures.Select(g => new AlertCondition(
                $"{AlertRule.FailedMessage}:{g.Id}",
                AlertRule.FailedMessage,
                $"{g.ErrorQueue}: {g.MessageType}",
                // The exception's own text stays on the page: it is written by a consumer and could name someone.
                $"{Count(g.Count, "Nachricht", "Nachrichten")} vom Typ {g.MessageType} in der Fehler-Queue {g.ErrorQueue} (aus {g.Queue}). " +
                $"Ausnahme: {g.ExceptionType}. Einzelheiten und Wiederholen auf der Betriebsseite.")));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (picture.Queues is { Error: null } report)
        {
            var agencyQueues = report.Queues.Where(q => q.Kind == QueueKinds.Agency).ToList();
            if (options.QueueDepth.Enabled)
            {
                judged.Add(AlertRule.QueueDepth);
                foreach (var queue in agencyQueues.Where(q => q.Messages > options.QueueDepth.Threshold))
                {
                    if (Held($"{AlertRule.QueueDepth}:{queue.Name}", options.QueueDepth.For, picture.Now, seen) is { } key)
                    {
                        conditions.Add(new AlertCondition(key, AlertRule.QueueDepth, queue.Name,
                            $"In der Queue {queue.Name} warten {queue.Messages} Nachrichten (Schwelle {options.QueueDepth.Threshold}), " +
                            $"seit mindestens {Minutes(options.QueueDepth.For)}."));
                    }
                }
            }

            if (options.QueueWithoutConsumer.Enabled)
            {
                judged.Add(AlertRule.QueueWithoutConsumer);
                foreach (var queue in agencyQueues.Where(q => q.Consumers == 0))
                {
                    if (Held($"{AlertRule.QueueWithoutConsumer}:{queue.Name}", options.QueueWithoutConsumer.For, picture.Now, seen) is { } key)
                    {
                        conditions.Add(new AlertCondition(key, AlertRule.QueueWithoutConsumer, queue.Name,
                            $"Die Queue {queue.Name} hat seit mindestens {Minutes(options.QueueWithoutConsumer.For)} keinen Consumer: " +
                            "Nachrichten an diese Stelle werden nicht verarbeitet."));
                    }
                }
            }

            // A condition that no longer holds starts its clock afresh next time.
            foreach (var stale in _since.Keys.Where(k => !seen.Contains(k)).ToList())
                _since.Remove(stale);
        }

        if (picture.Heartbeats is { } heartbeats)
        {
            if (options.HeartbeatMissing.Enabled)
            {
                judged.Add(AlertRule.HeartbeatMissing);
                conditions.AddRange(heartbeats.Where(h => h.State == InstanceState.Gone).Select(h => new AlertCondition(
                    $"{AlertRule.HeartbeatMissing}:{h.Service}/{h.Instance}",
                    AlertRule.HeartbeatMissing,
                    $"{h.Service} ({h.Instance})",
                    $"Der Dienst {h.Service} (Instanz {h.Instance}, Version {h.Version}) meldet sich seit {GermanText.Time(h.LastBeatAt)} nicht mehr " +
                    $"(Takt {Seconds(h.Interval)}).")));
            }

            if (options.OutboxBacklog.Enabled)
            {
                judged.Add(AlertRule.OutboxBacklog);
                conditions.AddRange(heartbeats
                    .Where(h => h.State != InstanceState.Gone && h.OutboxOldestAt is { } oldest && picture.Now - oldest > options.OutboxBacklog.For)
                    .GroupBy(h => h.Service)
                    .Select(g => g.OrderBy(h => h.OutboxOldestAt).First())
                    .Select(h => new AlertCondition(
                        $"{AlertRule.OutboxBacklog}:{h.Service}",
                        AlertRule.OutboxBacklog,
                        h.Service,
                        $"Im Postausgang (Outbox) des Dienstes {h.Service} warten {h.OutboxPending} Nachrichten; " +
                        $"die älteste seit {GermanText.Time(h.OutboxOldestAt!.Value)} (Schwelle {Minutes(options.OutboxBacklog.For)}).")));
            }
        }

        var cut = conditions.Select(c => c with { Key = c.Key.Cut(MaxKeyLength) }).ToList();
        var holding = cut.Select(c => c.Key).Concat(seen.Select(k => k.Cut(MaxKeyLength))).ToHashSet(StringComparer.Ordinal);
        return new AlertEvaluation(cut, judged, holding);
    }

    private string? Held(string key, TimeSpan duration, DateTimeOffset now, HashSet<string> seen)
    {
        seen.Add(key);
        if (!_since.TryGetValue(key, out var since))
            _since[key] = since = now;
        return now - since >= duration ? key : null;
    }

    private static string Count(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes.ToString("0.#", CultureInfo.GetCultureInfo("de-DE"))} Minuten" : Seconds(span);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.#", CultureInfo.GetCultureInfo("de-DE"))} Sekunden";
}
