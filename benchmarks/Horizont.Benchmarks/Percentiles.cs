namespace Horizont.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> milliseconds) => _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double this[double percent] =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>"p50 12.3 · p95 20.1 · p99 35.0 · max 41.2 ms".</summary>
    public string Describe() => FormattableString.Invariant($"p50 {this[50]:F1} · p95 {this[95]:F1} · p99 {this[99]:F1} · max {Max:F1} ms");
}
