using System.Globalization;
using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Messages;
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

        if (picture.Failures is { } failures)
            Failures(failures, conditions, judged);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (picture.Queues is { Error: null } report && options.QueueDepth.Enabled)
        {
            judged.Add(AlertRule.QueueDepth);
            foreach (var queue in report.Queues.Where(q => q.Kind == QueueKinds.Agency && q.Messages > options.QueueDepth.Threshold))
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
            // Raised from whichever source tells of it; judged (open alerts may resolve) only when both could be read.
            if (picture.Queues is { Error: null } && picture.Heartbeats is not null)
                judged.Add(AlertRule.QueueWithoutConsumer);
            foreach (var queue in UnservedQueue.Of(picture.Queues, picture.Heartbeats))
            {
                if (Held($"{AlertRule.QueueWithoutConsumer}:{queue.Queue}", options.QueueWithoutConsumer.For, picture.Now, seen) is { } key)
                    conditions.Add(new AlertCondition(key, AlertRule.QueueWithoutConsumer, queue.Queue, UnservedText(queue)));
            }
        }

        // A condition that no longer holds starts its clock afresh next time; one whose rule could not be judged keeps it.
        foreach (var stale in _since.Keys.Where(k => !seen.Contains(k) && judged.Contains(RuleOf(k))).ToList())
            _since.Remove(stale);

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
                    .Where(h => HeartbeatView.IsOutboxStale(h.State, h.OutboxOldestSendingAt, picture.Now, options.OutboxBacklog.For))
                    .GroupBy(h => h.Service)
                    .Select(g => g.OrderBy(h => h.OutboxOldestSendingAt).First())
                    .Select(h => new AlertCondition(
                        $"{AlertRule.OutboxBacklog}:{h.Service}",
                        AlertRule.OutboxBacklog,
                        h.Service,
                        $"Im Postausgang (Outbox) des Dienstes {h.Service} warten {h.OutboxPending} Nachrichten; " +
                        $"die älteste seit {GermanText.Time(h.OutboxOldestSendingAt!.Value)} (Schwelle {Minutes(options.OutboxBacklog.For)})." +
                        SendingTo(h))));
            }
        }

        var cut = conditions.Select(c => c with { Key = c.Key.Cut(MaxKeyLength) }).ToList();
        var holding = cut.Select(c => c.Key).Concat(seen.Select(k => k.Cut(MaxKeyLength))).ToHashSet(StringComparer.Ordinal);
        return new AlertEvaluation(cut, judged, holding);
    }

    private void Failures(IReadOnlyList<FailureGroup> failures, List<AlertCondition> conditions, HashSet<AlertRule> judged)
    {
        // A refused message is its own alert where that rule is on: replaying it cannot help, its sender must change it.
        var refusals = options.MessageRefused.Enabled ? failures.Where(IsRefusal).ToList() : [];
        if (options.MessageRefused.Enabled)
        {
            judged.Add(AlertRule.MessageRefused);
            conditions.AddRange(refusals.Select(g => new AlertCondition(
                $"{AlertRule.MessageRefused}:{g.Id}",
                AlertRule.MessageRefused,
                $"{g.Queue}: {g.MessageType}",
                $"Die Stelle der Queue {g.Queue} hat {Count(g.Count, "Nachricht", "Nachrichten")} vom Typ {g.MessageType} zurückgewiesen " +
                $"(Inhalt verletzt den Vertrag oder falsch adressiert); sie liegen in der Fehler-Queue {g.ErrorQueue}. Der Absender erfährt es " +
                $"durch {nameof(ReferralRefused)}. Wiederholen hilft erst, wenn die Ursache behoben ist; Feld und Regel auf der Betriebsseite.")));
        }

        if (options.FailedMessage.Enabled)
        {
            judged.Add(AlertRule.FailedMessage);
            conditions.AddRange(failures.Except(refusals).Select(g => new AlertCondition(
                $"{AlertRule.FailedMessage}:{g.Id}",
                AlertRule.FailedMessage,
                $"{g.ErrorQueue}: {g.MessageType}",
                // The exception's own text stays on the page: it is written by a consumer and could name someone.
                $"{Count(g.Count, "Nachricht", "Nachrichten")} vom Typ {g.MessageType} in der Fehler-Queue {g.ErrorQueue} (aus {g.Queue}). " +
                $"Ausnahme: {g.ExceptionType}. Einzelheiten und Wiederholen auf der Betriebsseite.")));
        }
    }

    /// <summary>A message the receive pipeline refused (contract or addressing): it went to the error queue at once.</summary>
    public static bool IsRefusal(FailureGroup group) => group.ExceptionType == typeof(InvalidMessageException).FullName;

    private static string UnservedText(UnservedQueue queue)
    {
        var oldest = queue.OldestAt is { } at ? $"die älteste seit {GermanText.Time(at)}" : "das Alter der ältesten ist unbekannt";
        return queue.HeldBy.Count > 0
            ? $"Für die Queue {queue.Queue} warten {queue.Messages} Nachrichten im Postausgang (Outbox) von {string.Join(", ", queue.HeldBy)}, " +
              $"{oldest}: kein Consumer liest diese Queue. Sie werden gesendet, sobald die Stelle angebunden ist."
            : $"In der Queue {queue.Queue} warten {queue.Messages} Nachrichten, {oldest}, aber kein Consumer liest sie: " +
              "Nachrichten an diese Stelle werden nicht verarbeitet.";
    }

    /// <summary>The queues the stale outbox is sending to (held ones are their own alert).</summary>
    private static string SendingTo(HeartbeatView h)
    {
        var sending = (h.OutboxDestinations ?? []).Where(d => !d.Held).Select(d => $"{d.Queue} ({d.Pending})").ToList();
        return sending.Count == 0 ? "" : $" Für: {string.Join(", ", sending)}.";
    }

    private static AlertRule RuleOf(string key) => Enum.Parse<AlertRule>(key[..key.IndexOf(':', StringComparison.Ordinal)]);

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
