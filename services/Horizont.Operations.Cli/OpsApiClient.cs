using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Horizont.Operations.Cli;

/// <summary>An answer of the API: the raw JSON and what it says, or the exit code of a failure already reported.</summary>
internal sealed record ApiAnswer<T>(T? Value, string Json, int FailureExitCode)
    where T : class
{
    public static ApiAnswer<T> Failure(int exitCode) => new(null, "", exitCode);
}

/// <summary>
/// Talks to the operations API under <c>/ops/api/</c> and turns every way it can go wrong into a German message
/// on the console and an exit code: unreachable or a server error (3), not found (4), rejected input (2), not signed
/// in (5), signed in without the Operations role (6). Every request carries the API key as <c>Authorization: ApiKey …</c>.
/// </summary>
internal sealed class OpsApiClient(HttpClient http, IAnsiConsole console, Uri baseUrl, string? apiKey)
{
    private const string ApiPath = "ops/api/";

    public Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(HttpMethod.Get, path, body: null, cancellationToken);

    public Task<ApiAnswer<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    private async Task<ApiAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        where T : class
    {
        var url = new Uri(baseUrl, ApiPath + path);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrWhiteSpace(apiKey))
            request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + apiKey.Trim());
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, OpsJson.Options), Encoding.UTF8, "application/json");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            Error($"Der Betriebsdienst unter {baseUrl} ist nicht erreichbar: {e.Message}");
            Hint("Läuft der Dienst? Die Adresse lässt sich mit --url oder HORIZONT_OPS_URL angeben.");
            return ApiAnswer<T>.Failure(ExitCodes.Unreachable);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Error($"Der Betriebsdienst unter {baseUrl} hat nicht innerhalb von {http.Timeout.TotalSeconds:0} Sekunden geantwortet.");
            return ApiAnswer<T>.Failure(ExitCodes.Unreachable);
        }

        using (response)
        {
            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return Read<T>(json, url);
            return ApiAnswer<T>.Failure(ReportRefusal(response.StatusCode, json, url));
        }
    }

    private ApiAnswer<T> Read<T>(string json, Uri url)
        where T : class
    {
        try
        {
            if (JsonSerializer.Deserialize<T>(json, OpsJson.Options) is { } value)
                return new ApiAnswer<T>(value, json, ExitCodes.Done);
        }
        catch (JsonException)
        {
            // Reported below, like an empty answer: both mean the address is not the operations API (or another version of it).
        }

        Error($"Die Antwort von {url} ist keine Antwort der Operations-API, die horizont-ops versteht.");
        Hint("Stimmt --url? Sind Dienst und horizont-ops auf demselben Stand?");
        return ApiAnswer<T>.Failure(ExitCodes.Unreachable);
    }

    private int ReportRefusal(HttpStatusCode status, string json, Uri url)
    {
        var problem = Problem.Parse(json);
        var code = (int)status;
        if (status == HttpStatusCode.Unauthorized)
        {
            Error("Nicht angemeldet: HORIZONT_OPS_KEY fehlt oder der Schlüssel ist ungültig/gesperrt (HTTP 401).");
            Hint(string.IsNullOrWhiteSpace(apiKey)
                ? $"Die Umgebungsvariable {OpsCommandLine.KeyVariable} ist nicht gesetzt. Einen Schlüssel legt ein Administrator an: keys create --name <Name> --agency <Stelle> --role Operations"
                : "Der Schlüssel ist dem Dienst unbekannt, falsch abgeschrieben oder gesperrt; ein Administrator sieht es mit „keys list“.");
            return ExitCodes.NotSignedIn;
        }

        if (status == HttpStatusCode.Forbidden)
        {
            Error("Der Schlüssel hat nicht die Rolle Operations (HTTP 403).");
            Hint("horizont-ops braucht einen Schlüssel mit der Rolle Operations: keys create --name <Name> --agency <Stelle> --role Operations");
            return ExitCodes.NotAllowed;
        }

        if (status == HttpStatusCode.NotFound)
        {
            if (problem?.Detail is null)
            {
                // The API names the missing group or message in the detail; a bare 404 (no body, or the host's status
                // code page) means the route itself is missing, so this address is not the operations API.
                Error($"Unter {url} gibt es keine Operations-API (HTTP 404).");
                Hint("Stimmt --url? Der Betriebsdienst läuft sonst unter http://localhost:5300, der All-in-one-Host unter http://localhost:5000.");
                return ExitCodes.Unreachable;
            }

            Error(problem.Describe("Nicht gefunden."));
            return ExitCodes.NotFound;
        }

        if (status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            var rejected = $"Der Dienst hat die Eingabe abgelehnt (HTTP {code}).";
            Error(problem?.Describe(rejected) ?? rejected);
            return ExitCodes.Usage;
        }

        var what = code >= 500 ? "meldet einen Fehler" : "hat die Anfrage abgelehnt";
        Error($"Der Betriebsdienst unter {baseUrl} {what} (HTTP {code} für {url.AbsolutePath})."
            + (problem?.Detail is { } detail ? " " + detail : ""));
        return ExitCodes.Unreachable;
    }

    private void Error(string text) => console.MarkupLineInterpolated($"[red]{text}[/]");

    private void Hint(string text) => console.MarkupLineInterpolated($"[grey]{text}[/]");

    /// <summary>The parts of an RFC 9457 problem document the API fills: title, detail, and validation errors.</summary>
    private sealed record Problem(string? Title, string? Detail, IReadOnlyList<string> Errors)
    {
        public static Problem? Parse(string json)
        {
            if (string.IsNullOrWhiteSpace(json))
                return null;
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return null;
                var errors = new List<string>();
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        if (field.Value.ValueKind != JsonValueKind.Array)
                            continue;
                        errors.AddRange(field.Value.EnumerateArray()
                            .Where(e => e.ValueKind == JsonValueKind.String)
                            .Select(e => e.GetString()!));
                    }
                }

                var problem = new Problem(Text(root, "title"), Text(root, "detail"), errors);
                return problem.Title is null && problem.Detail is null && errors.Count == 0 ? null : problem;
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's error page): the caller reports the status alone.
                return null;
            }
        }

        /// <summary>
        /// Validation errors where there are any, else title and detail. A title alone is the host's generic English
        /// one for the status code (status code pages), so the German fallback says more.
        /// </summary>
        public string Describe(string fallback) =>
            Errors.Count > 0 ? string.Join(Environment.NewLine, Errors)
            : Detail is null ? fallback
            : Title is null ? Detail
            : $"{Title}: {Detail}";

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
