using Microsoft.AspNetCore.Http;

namespace Horizont.Hosting.Pages;

/// <summary>
/// The stylesheet and script of the staff pages, embedded in the assembly: no static-file folder or build step to get
/// wrong in a published service, a test host or the all-in-one process.
/// </summary>
internal static class StaffAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> s_files = new(StringComparer.Ordinal)
    {
        ["horizont.css"] = (Read("horizont.css"), "text/css; charset=utf-8"),
        ["horizont.js"] = (Read("horizont.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string file) =>
        s_files.TryGetValue(file, out var asset)
            ? Results.Bytes(asset.Content, asset.Type)
            : Results.NotFound();

    private static byte[] Read(string name)
    {
        using var stream = typeof(StaffAssets).Assembly.GetManifestResourceStream("staff." + name)
            ?? throw new InvalidOperationException($"The embedded staff asset {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
