using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Horizont.Benchmarks;

/// <summary>
/// The documented intake example (<c>docs/examples/referral.json</c>, copied beside the program) with an id, a file
/// reference and a deadline of each referral's own.
/// </summary>
internal sealed class ReferralTemplate
{
    private readonly JsonNode _example;

    private ReferralTemplate(JsonNode example) => _example = example;

    public static ReferralTemplate Load() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "referral.json")))
            ?? throw new InvalidOperationException("referral.json beside the program is empty."));

    public JsonContent For(Guid referralId, string fileReference)
    {
        var body = _example.DeepClone();
        body["referralId"] = referralId;
        body["fileReference"] = fileReference;
        body["deadline"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(70)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return JsonContent.Create(body);
    }
}
