using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;

namespace Horizont.SignIn;

/// <summary>
/// Once an hour removes what OpenIddict no longer needs (redeemed or expired codes and tokens, and the
/// authorizations left without tokens) once it is older than <see cref="Retention"/>, so the store does
/// not grow with every sign-in.
/// </summary>
internal sealed class SignInPruning(IServiceScopeFactory scopes, TimeProvider time, ILogger<SignInPruning> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var threshold = time.GetUtcNow() - Retention;
                var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, stoppingToken);
                var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, stoppingToken);
                if (tokens + authorizations > 0)
                    log.LogInformation("Sign-in store pruned: {Tokens} tokens, {Authorizations} authorizations", tokens, authorizations);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; nothing depends on pruning but the store's size.
                log.LogError(ex, "Pruning the sign-in store failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
