using System.Text.Json;
using Horizont.Hosting.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Sends what the outbox of one database holds, oldest first, and marks each row sent once the
/// transport confirmed it (RabbitMQ publisher confirms). A failed send keeps the row and blocks the
/// later rows of the same referral, so a referral's messages leave in order; other referrals go on.
/// After a failure it backs off and tries again, so a broker outage only delays.
/// </summary>
internal sealed class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    AgencyEndpoints endpoints,
    OutboxSignal<TDbContext> signal,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            DispatchResult result;
            try
            {
                result = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Outbox of {Database} could not be read", typeof(TDbContext).Name);
                result = new DispatchResult(0, Failed: true, Full: false);
            }

            if (result.Failed)
            {
                failuresInARow++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failuresInARow, 10))));
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            failuresInARow = 0;
            if (!result.Full)
                await ((Task)signal.WaitAsync(options.Value.OutboxPollInterval, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<DispatchResult> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var batch = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .OrderBy(m => m.Sequence)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var blockedReferrals = new HashSet<Guid>();
        var sent = 0;
        var failed = false;
        foreach (var row in batch)
        {
            if (row.ReferralId is { } blocked && blockedReferrals.Contains(blocked))
                continue;

            try
            {
                await SendAsync(row, cancellationToken);
                row.SentAt = time.GetUtcNow();
                row.LastError = null;
                sent++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed = true;
                row.Attempts++;
                row.LastError = $"{ex.GetType().Name}: {ex.Message}".Cut(1000);
                if (row.ReferralId is { } referralId)
                    blockedReferrals.Add(referralId);
                logger.LogWarning(ex, "Outbox message {MessageId} ({MessageType}) for referral {ReferralId} to {Destination} not sent (attempt {Attempt})",
                    row.MessageId, row.MessageType, row.ReferralId, row.DestinationAgencyId, row.Attempts);
            }

            // Marked one by one: a crash after a send re-sends only that message, with the same id.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        if (sent > 0)
            logger.LogDebug("Outbox of {Database} sent {Count} messages", typeof(TDbContext).Name, sent);
        return new DispatchResult(sent, failed, batch.Count == BatchSize);
    }

    private async Task SendAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = OutboxMessageTypes.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox message {row.MessageId} names '{row.MessageType}', which is not a message of the contracts.");
        var message = JsonSerializer.Deserialize(row.Body, type, OutboxExtensions.Json)
            ?? throw new InvalidOperationException($"Outbox message {row.MessageId} has an empty body.");
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

    private readonly record struct DispatchResult(int Sent, bool Failed, bool Full);
}
