using System.Diagnostics;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>Polls for a condition until a timeout, instead of sleeping for a fixed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
                throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(25);
        }
    }

    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), done => done, what, timeout);
}
