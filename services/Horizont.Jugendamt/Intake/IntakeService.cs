using Horizont.Jugendamt.Options;
using Microsoft.Extensions.Options;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Reads the intake folder every <see cref="JugendamtOptions.IntakePollInterval"/> (the first time one interval after start).
/// Polling is the guarantee; there is no file watcher to miss events or run out of handles.
/// </summary>
internal sealed class IntakeService(
    IntakeProcessor processor,
    JugendamtFolders folders,
    IOptions<JugendamtOptions> options,
    TimeProvider time,
    ILogger<IntakeService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        folders.EnsureCreated();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass comes one interval after start, like every later one.
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.IntakePollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
                return;

            try
            {
                await processor.ProcessInboxAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reading the intake folder {Inbox} failed; trying again in {Interval}", folders.Inbox, options.Value.IntakePollInterval);
            }
        }
    }
}
