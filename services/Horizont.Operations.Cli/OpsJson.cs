using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Horizont.Operations.Cli;

/// <summary>The JSON the operations API speaks (the host's <c>ConfigureHttpJsonOptions</c>): camelCase, enums as strings.</summary>
internal static class OpsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
