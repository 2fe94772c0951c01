using System.Runtime;
using System.Runtime.InteropServices;

namespace Horizont.Benchmarks;

/// <summary>What the figures were measured on.</summary>
internal static class Machine
{
    public static IEnumerable<string> Describe()
    {
        yield return $"cores: {Environment.ProcessorCount} ({FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()})";
        if (FirstValue("/proc/meminfo", "MemTotal") is { } memory)
            yield return $"memory: {memory}";
        yield return $"os: {RuntimeInformation.OSDescription}";
        yield return $"runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {Build} build";
    }

#if DEBUG
    private const string Build = "Debug";
#else
    private const string Build = "Release";
#endif

    /// <summary>The value of the first <c>name : value</c> line of a /proc file, or null where there is none.</summary>
    private static string? FirstValue(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;
}
