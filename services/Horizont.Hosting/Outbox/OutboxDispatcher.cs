using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Sends what the outbox of one database holds. Each pass:
/// <list type="number">
/// <item>claims up to <see cref="MessagingOptions.OutboxBatchSize"/> rows (<see cref="OutboxClaims"/>): the oldest unsent row of
/// each referral that is due and not claimed by another instance, so several instances share one database without
/// sending a row twice and a referral's messages still leave in order;</item>
/// <item>sends them all and awaits their confirms together, each bounded by <see cref="MessagingOptions.OutboxSendTimeout"/>;</item>
/// <item>marks the batch in one transaction: sent rows with their time, failed rows with the error and a growing back-off.</item>
/// </list>
/// A broker outage only delays: failed rows come back after their back-off. Sends that keep timing out (a channel whose
/// confirms never come) restart the bus after <see cref="MessagingOptions.RestartBusAfterSendTimeouts"/> passes.
/// </summary>
internal sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    AgencyEndpoints endpoints,
    FieldSealer sealer,
    OutboxSignal<TDbContext> signal,
    BusRestarter restarter,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private static readonly string StoreName = OutboxBacklog<TDbContext>.StoreName(typeof(TDbContext));

    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    private long _pass;
    private int _passesWithTimeouts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            PassResult result;
            try
            {
                result = await RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database could not be read or written: the claimed rows return after their lease.
                logger.LogError(ex, "Outbox of {Store} could not be dispatched; trying again in {Interval}", StoreName, options.Value.OutboxPollInterval);
                result = PassResult.Nothing;
            }

            // A pass that sent something may have unblocked the next message of a referral: look again at once.
            if (result.Sent == 0)
                await ((Task)signal.WaitAsync(options.Value.OutboxPollInterval, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// One pass: claim, send together, mark together; then restart the bus if sends keep timing out. Internal for tests,
    /// which drive passes directly.
    /// </summary>
    internal async Task<PassResult> RunPassAsync(CancellationToken cancellationToken)
    {
        var result = await SendClaimedAsync(cancellationToken);
        await RestartBusIfSendsHangAsync(result, cancellationToken);
        return result;
    }

    private async Task<PassResult> SendClaimedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var claim = $"{_instance}#{Interlocked.Increment(ref _pass)}";
        var now = time.GetUtcNow();
        var claimed = await OutboxClaims.ClaimAsync(db, claim, now, settings.OutboxClaimLease, settings.OutboxBatchSize, endpoints.HeldDestinations(), cancellationToken);
        if (claimed == 0)
            return PassResult.Nothing;

        var rows = await db.Set<OutboxMessage>().Where(m => m.ClaimedBy == claim && m.SentAt == null).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        var outcomes = await Task.WhenAll(rows.Select(row => SendBoundedAsync(row, settings.OutboxSendTimeout, cancellationToken)));

        var done = time.GetUtcNow();
        foreach (var (row, error) in rows.Zip(outcomes))
        {
            row.ClaimedBy = null;
            row.ClaimedUntil = null;
            if (error is null)
            {
                row.SentAt = done;
                row.LastError = null;
                row.NextAttemptAt = null;
                continue;
            }

            row.Attempts++;
            row.LastError = $"{error.GetType().Name}: {error.Message}".Cut(1000);
            row.NextAttemptAt = done + Backoff(row.Attempts);
            logger.LogWarning("Outbox message {MessageId} ({MessageType}) for referral {ReferralId} to {Destination} not sent (attempt {Attempt}, next at {NextAttempt:o}): {Error}",
                row.MessageId, row.MessageType, row.ReferralId, row.DestinationAgencyId, row.Attempts, row.NextAttemptAt, row.LastError);
        }

        // One transaction for the whole batch. A crash before it re-sends the batch after the lease, under the same ids.
        await db.SaveChangesAsync(CancellationToken.None);
        var sent = outcomes.Count(e => e is null);
        var timedOut = outcomes.Count(e => e is TimeoutException);
        if (sent > 0)
            logger.LogDebug("Outbox of {Store} sent {Count} messages", StoreName, sent);
        return new PassResult(sent, rows.Count - sent, timedOut);
    }

    /// <summary>Null when the transport confirmed the send within <paramref name="timeout"/>, else why not.</summary>
    private async Task<Exception?> SendBoundedAsync(OutboxMessage row, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            // WaitAsync as well as the token: a transport that ignores cancellation while it waits for a confirm that
            // never comes (a channel lost with the publish in flight) must not hold the dispatcher. The bound is wall-clock
            // time, like the socket it guards; the injected clock only schedules retries.
            await SendAsync(row, bounded.Token).WaitAsync(timeout, cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ex is OperationCanceledException or TimeoutException
                ? new TimeoutException($"The transport did not confirm the send within {timeout.TotalSeconds:0.###} s.", ex)
                : ex;
        }
    }

    private async Task SendAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = OutboxMessageTypes.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox message {row.MessageId} names '{row.MessageType}', which is not a message of the contracts.");
        // Sealed at the last moment, with the key current now: a key rotated while the row waited is already in use, and a
        // missing key fails the row (it waits, never goes in clear).
        var message = sealer.Seal(JsonSerializer.Deserialize(row.Body, type, OutboxExtensions.Json)
            ?? throw new InvalidOperationException($"Outbox message {row.MessageId} has an empty body."));
        var endpoint = await endpoints.GetAsync(bus, row.DestinationAgencyId);
        await endpoint.Send(message, type, context =>
        {
            context.MessageId = row.MessageId;
            context.Durable = true;
            if (row.ReferralId is { } referralId)
            {
                context.CorrelationId = referralId;
                context.Headers.Set(HorizontHeaders.ReferralId, referralId.ToString());
            }
        }, cancellationToken);
    }

    private async Task RestartBusIfSendsHangAsync(PassResult result, CancellationToken stoppingToken)
    {
        var limit = options.Value.RestartBusAfterSendTimeouts;
        if (result.TimedOut == 0)
        {
            if (result.Sent > 0)
                _passesWithTimeouts = 0;
            return;
        }

        _passesWithTimeouts++;
        logger.LogWarning("Outbox of {Store}: {Count} sends not confirmed within {Timeout} ({Passes} passes in a row)",
            StoreName, result.TimedOut, options.Value.OutboxSendTimeout, _passesWithTimeouts);
        if (limit > 0 && _passesWithTimeouts >= limit && await restarter.RestartAsync("send_timeouts", stoppingToken))
            _passesWithTimeouts = 0;
    }

    /// <summary>0.5 s, 1 s, 2 s … up to a minute.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(attempts - 1, 16))));

    internal readonly record struct PassResult(int Sent, int Failed, int TimedOut)
    {
        public static PassResult Nothing => default;
    }
}
