using System.Diagnostics;

namespace Horizont.Provider.Tests.Support;

/// <summary>Polls a condition until it holds or a timeout passes: the way to wait for asynchronous work without fixed sleeps.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
                throw new TimeoutException($"Timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what}.");
            await Task.Delay(PollInterval);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
                throw new TimeoutException($"Timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what}.");
            await Task.Delay(PollInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}
