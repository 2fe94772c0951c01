using System.Globalization;

namespace Horizont.Benchmarks;

/// <summary>
/// The whole machine's busy processor time over a stretch of the benchmark (Linux's <c>/proc/stat</c>: this process,
/// PostgreSQL and the broker together). It says whether the cores were saturated, which the rate alone does not. When
/// they were, the time per referral is only the rate turned round; on a machine with cores to spare it is what a
/// referral costs, apart from what it waits for.
/// </summary>
internal readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Wall)
{
    private const string Source = "/proc/stat";

    /// <summary>The share of all cores that was busy.</summary>
    public double Share => Wall > TimeSpan.Zero ? Busy / (Wall * Environment.ProcessorCount) : 0;

    /// <summary>Starts counting, or null where <c>/proc/stat</c> is not there to read.</summary>
    public static Mark? Start() => ReadBusy() is { } busy ? new Mark(busy, System.Diagnostics.Stopwatch.GetTimestamp()) : null;

    public string Describe(int items, string item) =>
        FormattableString.Invariant($"machine CPU {Busy.TotalMilliseconds / Math.Max(items, 1):F1} ms per {item} ({Share:P0} of its {Environment.ProcessorCount} cores busy)");

    /// <summary>User, nice, system, interrupt and soft-interrupt time of all cores (the first line), not idle or waiting for the disk.</summary>
    private static TimeSpan? ReadBusy()
    {
        if (!File.Exists(Source))
            return null;
        var fields = File.ReadLines(Source).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …, in clock ticks of 1/100 s (USER_HZ on Linux).
        long Ticks(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds((Ticks(1) + Ticks(2) + Ticks(3) + Ticks(6) + Ticks(7)) * 10);
    }

    internal readonly record struct Mark(TimeSpan Busy, long Timestamp)
    {
        public MachineCpu Stop() => new(ReadBusy()!.Value - Busy, System.Diagnostics.Stopwatch.GetElapsedTime(Timestamp));
    }
}
