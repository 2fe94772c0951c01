using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Horizont.Hosting.Messaging;

namespace Horizont.Hosting.Outbox;

/// <summary>
/// Readiness of one store's outbox: degraded while its oldest unsent message is older than
/// <see cref="MessagingOptions.OutboxStaleAfter"/> (the broker is gone, sends keep failing, or a partner's queue is not
/// served). Degraded, not unhealthy: taking the instance out of service would not bring the messages out.
/// </summary>
internal sealed class OutboxHealthCheck(IOutboxBacklog backlog, IOptions<MessagingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = await backlog.ReadAsync(cancellationToken);
        var threshold = options.Value.OutboxStaleAfter;
        var data = new Dictionary<string, object>
        {
            ["pending"] = snapshot.Pending,
            ["oldestAgeSeconds"] = Math.Round(snapshot.OldestAge.TotalSeconds),
        };
        if (snapshot.OldestAge <= threshold)
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{snapshot.Pending} unsent"), data);

        var late = string.Join(", ", snapshot.Destinations.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.AgencyId}: {d.Pending}")));
        return HealthCheckResult.Degraded(
            string.Create(CultureInfo.InvariantCulture,
                $"The outbox of {snapshot.Store} has {snapshot.Pending} unsent messages, the oldest {snapshot.OldestAge.TotalMinutes:0.#} min old (more than {threshold.TotalMinutes:0.#} min); waiting for {late}."),
            data: data);
    }
}
