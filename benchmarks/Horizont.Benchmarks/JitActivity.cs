using System.Runtime;

namespace Horizont.Benchmarks;

/// <summary>
/// How much the runtime compiled while a stretch of the benchmark ran (<see cref="JitInfo"/>, this process's figures): a
/// run during which the services' code is still being compiled and recompiled by tiered compilation measures their warm-up,
/// not their path. Each figure is printed with it, so a reader can tell the two apart.
/// </summary>
internal readonly record struct JitActivity(long Methods, TimeSpan Compiling, TimeSpan Wall)
{
    /// <summary>Compilation time as a share of the stretch's wall time (it runs on its own thread, beside the work).</summary>
    public double Share => Wall > TimeSpan.Zero ? Compiling / Wall : 0;

    /// <summary>Starts counting; <c>Stop</c> on the result gives what was compiled since.</summary>
    public static Mark Start() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime(), System.Diagnostics.Stopwatch.GetTimestamp());

    public string Describe() =>
        FormattableString.Invariant($"{Methods:N0} methods compiled, {Compiling.TotalSeconds:F1} s of compilation ({Share:P0} of its {Wall.TotalSeconds:F1} s)");

    internal readonly record struct Mark(long Methods, TimeSpan Compiling, long Timestamp)
    {
        public JitActivity Stop() => new(
            JitInfo.GetCompiledMethodCount() - Methods,
            JitInfo.GetCompilationTime() - Compiling,
            System.Diagnostics.Stopwatch.GetElapsedTime(Timestamp));
    }
}
