using System.Globalization;
using Horizont.Jugendamt.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// "Jugendamt intake" (ready): unhealthy when no pass over the inbox has completed for
/// <see cref="JugendamtOptions.IntakeStuckAfter"/> (at least three poll intervals), degraded when an entry has been in the
/// inbox that long (a file nobody can read or move, a writer that never finishes). Counts and ages only, never names.
/// </summary>
internal sealed class IntakeHealthCheck(IntakeWatch watch, IOptions<JugendamtOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var passDue = o.IntakeStuckAfter > 3 * o.IntakePollInterval ? o.IntakeStuckAfter : 3 * o.IntakePollInterval;
        var sincePass = now - watch.LastPassOrStart;
        if (sincePass > passDue)
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"No pass over the intake folder has completed for {sincePass.TotalSeconds:0} s (expected within {passDue.TotalSeconds:0} s).")));

        var (count, oldest) = watch.Waiting;
        if (oldest is { } since && now - since > o.IntakeStuckAfter)
            return Task.FromResult(HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"{count} entries in the intake folder; the oldest has waited {(now - since).TotalSeconds:0} s (threshold {o.IntakeStuckAfter.TotalSeconds:0} s)."),
                data: new Dictionary<string, object> { ["entries"] = count, ["oldestWaitSeconds"] = (now - since).TotalSeconds }));

        return Task.FromResult(HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{count} entries in the intake folder.")));
    }
}
