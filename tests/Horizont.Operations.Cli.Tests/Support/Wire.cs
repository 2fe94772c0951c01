using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Operations.Cli.Tests.Support;

/// <summary>
/// Answers in the shape the operations API sends: the service's own records serialised with the host's JSON settings
/// (HorizontHost.ConfigureHttpJsonOptions), and problem documents written by the same <see cref="IResult"/>s the API
/// returns. A renamed property or enum value on the service side breaks these tests.
/// </summary>
public static class Wire
{
    /// <summary>As the host configures them; deliberately not the command line's own copy.</summary>
    public static JsonSerializerOptions HostOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, HostOptions);

    /// <summary>The body an <see cref="IResult"/> writes, e.g. <c>Results.Problem(…)</c> or <c>OperationsApi.CheckReason(…)</c>.</summary>
    public static async Task<string> BodyOfAsync(IResult result)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
