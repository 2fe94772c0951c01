using Horizont.Hosting;
using Horizont.Operations.Data;
using Microsoft.Extensions.Options;

namespace Horizont.Operations.Failures;

/// <summary>
/// The failed messages of all error queues, grouped. It reads a queue again only when its message count changed
/// (or after <see cref="OperationsOptions.RescanAfter"/>), so a page that refreshes itself does not keep taking
/// the same messages out and back. Replay and discard record who did what in the archive.
/// </summary>
public sealed class FailureCatalog(
    IErrorQueues queues,
    IServiceScopeFactory scopes,
    IOptions<OperationsOptions> options,
    TimeProvider time,
    ILogger<FailureCatalog> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, QueueScan> _scans = new(StringComparer.Ordinal);

    public string? UnavailableReason => queues.UnavailableReason;

    /// <summary>Every failed message now in an error queue.</summary>
    public async Task<IReadOnlyList<FailedMessage>> MessagesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return await ReadLockedAsync(cancellationToken);
    }

    /// <summary>
    /// The groups, or null when an operator's replay or discard holds the queues right now (the alert monitor then
    /// leaves the failure alerts as they are instead of waiting behind a long action).
    /// </summary>
    public async Task<IReadOnlyList<FailureGroup>?> TryGroupsAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(wait, cancellationToken))
            return null;
        return FailureGroup.Of(await ReadLockedAsync(cancellationToken));
    }

    /// <summary>Reads what changed; the caller holds the gate, which this releases.</summary>
    private async Task<IReadOnlyList<FailedMessage>> ReadLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var counts = await queues.CountAsync(cancellationToken);
            foreach (var gone in _scans.Keys.Except(counts.Select(c => c.Queue)).ToList())
                _scans.Remove(gone);
            foreach (var count in counts)
            {
                if (_scans.TryGetValue(count.Queue, out var scan) && scan.Count == count.Messages && now - scan.At < options.Value.RescanAfter)
                    continue;
                var messages = count.Messages == 0 ? [] : await queues.ReadAsync(count.Queue, cancellationToken);
                _scans[count.Queue] = new QueueScan(count.Messages, now, messages);
            }

            return _scans.Values.SelectMany(s => s.Messages).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<FailureGroup>> GroupsAsync(CancellationToken cancellationToken) =>
        FailureGroup.Of(await MessagesAsync(cancellationToken));

    /// <summary>The group and its messages, or null when no message of it is left.</summary>
    public async Task<(FailureGroup Group, IReadOnlyList<FailedMessage> Messages)?> GroupAsync(string groupId, CancellationToken cancellationToken)
    {
        var messages = (await MessagesAsync(cancellationToken)).Where(m => m.GroupId == groupId).ToList();
        return messages.Count == 0 ? null : (FailureGroup.Of(messages)[0], messages);
    }

    /// <remarks>
    /// Actions run to their end even when the caller goes away (a closed browser): stopping between the broker's
    /// confirm and the acknowledgement would leave a replayed message in the error queue without its record.
    /// </remarks>
    public Task<ActionOutcome?> ReplayGroupAsync(string groupId, string actor, CancellationToken cancellationToken) =>
        ActAsync(m => m.GroupId == groupId, FailureActionKind.Replayed, actor, null, cancellationToken);

    public Task<ActionOutcome?> DiscardGroupAsync(string groupId, string actor, string reason, CancellationToken cancellationToken) =>
        ActAsync(m => m.GroupId == groupId, FailureActionKind.Discarded, actor, reason, cancellationToken);

    public Task<ActionOutcome?> ReplayMessageAsync(Guid messageId, string actor, CancellationToken cancellationToken) =>
        ActAsync(m => m.MessageId == messageId, FailureActionKind.Replayed, actor, null, cancellationToken);

    public Task<ActionOutcome?> DiscardMessageAsync(Guid messageId, string actor, string reason, CancellationToken cancellationToken) =>
        ActAsync(m => m.MessageId == messageId, FailureActionKind.Discarded, actor, reason, cancellationToken);

    public void Dispose() => _gate.Dispose();

    /// <summary>Null when nothing matched (the caller answers 404).</summary>
    private async Task<ActionOutcome?> ActAsync(
        Func<FailedMessage, bool> which, FailureActionKind kind, string actor, string? reason, CancellationToken cancellationToken)
    {
        var targets = (await MessagesAsync(cancellationToken)).Where(which).ToList();
        if (targets.Count == 0)
            return null;

        var outcome = ActionOutcome.Empty;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var byQueue in targets.GroupBy(m => m.ErrorQueue))
            {
                // The same message id and group as listed: a copy of the id that failed for another reason stays.
                var picked = byQueue.Select(m => (m.MessageId, m.GroupId)).ToHashSet();
                bool Picked(FailedMessage m) => picked.Contains((m.MessageId, m.GroupId));
                outcome = outcome.Add(kind == FailureActionKind.Replayed
                    ? await queues.ReplayAsync(byQueue.Key, Picked, m => RecordAsync(m, kind, actor, reason, required: false), CancellationToken.None)
                    : await queues.DiscardAsync(byQueue.Key, Picked, m => RecordAsync(m, kind, actor, reason, required: true), CancellationToken.None));
                // Read this queue again next time, whatever its count says.
                _scans.Remove(byQueue.Key);
            }
        }
        finally
        {
            _gate.Release();
        }

        // Every listed message is accounted for: done, failed, not tried after a failure, or no longer there.
        var stoppedEarly = outcome.Failed.Any(f => f.MessageId == Guid.Empty);
        var missing = targets.Select(m => m.MessageId).Distinct()
            .Where(id => !outcome.Done.Contains(id) && outcome.Failed.All(f => f.MessageId != id))
            .Select(id => new ActionFailure(id, stoppedEarly
                ? "Nicht versucht, weil eine vorige Nachricht fehlschlug; sie bleibt in der Fehler-Queue."
                : "Nachricht nicht (mehr) in der Fehler-Queue."));
        outcome = new ActionOutcome(outcome.Done.Distinct().ToList(), [.. outcome.Failed.Where(f => f.MessageId != Guid.Empty), .. missing]);

        logger.LogInformation("{Action} {Done} failed messages by {Actor} ({Failed} not moved)", kind, outcome.Done.Count, actor, outcome.Failed.Count);
        return outcome;
    }

    /// <summary>
    /// The archive record. For a discard it must be written before the message leaves the error queue, so its
    /// failure stops the discard; for a replay (already confirmed by the broker) a failure is only logged.
    /// </summary>
    private async Task RecordAsync(FailedMessage message, FailureActionKind kind, string actor, string? reason, bool required)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
            db.FailureActions.Add(new FailureAction
            {
                Id = Guid.NewGuid(),
                Kind = kind,
                MessageId = message.MessageId,
                ReferralId = message.ReferralId,
                GroupId = message.GroupId,
                MessageType = message.MessageType.Cut(200),
                ExceptionType = message.ExceptionType.Cut(300),
                ExceptionMessage = message.ExceptionMessage.Cut(2000),
                OriginalQueue = message.OriginalQueue.Cut(200),
                ErrorQueue = message.ErrorQueue.Cut(200),
                FailedAt = message.FailedAt,
                Reason = reason,
                Actor = actor,
                At = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (!required && ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Replay of {MessageId} by {Actor} was sent but not recorded", message.MessageId, actor);
        }
    }


    private sealed record QueueScan(long Count, DateTimeOffset At, IReadOnlyList<FailedMessage> Messages);
}
