using System.Net;
using System.Text;

namespace Horizont.Operations.Cli.Tests.Support;

/// <summary>One request as the fake API received it.</summary>
public sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string? Body);

/// <summary>
/// The operations API as recorded answers: a method and path (with query) maps to a status and a JSON body. A request
/// it has no answer for gets a bare 404, as an address without the API would give.
/// </summary>
public sealed class FakeOperationsApi : HttpMessageHandler
{
    public const string BaseUrl = "http://ops.test:5300/";

    private readonly Dictionary<(string Method, string PathAndQuery), (HttpStatusCode Status, string Json)> _answers = [];

    public List<RecordedRequest> Requests { get; } = [];

    public FakeOperationsApi Answer(HttpMethod method, string pathAndQuery, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        _answers[(method.Method, pathAndQuery)] = (status, json);
        return this;
    }

    public FakeOperationsApi Get(string pathAndQuery, string json, HttpStatusCode status = HttpStatusCode.OK) => Answer(HttpMethod.Get, pathAndQuery, json, status);

    public FakeOperationsApi Post(string pathAndQuery, string json, HttpStatusCode status = HttpStatusCode.OK) => Answer(HttpMethod.Post, pathAndQuery, json, status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var pathAndQuery = request.RequestUri!.PathAndQuery;
        Requests.Add(new RecordedRequest(request.Method, pathAndQuery, headers, body));

        if (!_answers.TryGetValue((request.Method.Method, pathAndQuery), out var answer))
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        var contentType = (int)answer.Status >= 400 ? "application/problem+json" : "application/json";
        return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Json, Encoding.UTF8, contentType) };
    }
}
