using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Horizont.Hosting.Messaging;

namespace Horizont.Operations.Provisioning;

/// <summary>
/// Puts a <see cref="BrokerPlan"/> on a RabbitMQ virtual host through the management API, as an administrator: the
/// virtual host, a user per agency and for operations with its permissions and tags, every queue with its exchange and
/// binding, and every route (a sender's outbound exchange bound to the receiver's exchange). Each call is a PUT or an
/// identical binding, so running it again changes nothing but the passwords it is given. Or writes the same as a
/// definitions file for <c>load_definitions</c> (docker-compose).
/// </summary>
public sealed class BrokerProvisioning(HttpClient management)
{
    /// <summary>The management API's base address and an administrator's credentials.</summary>
    public static HttpClient Client(Uri managementUrl, string adminUser, string adminPassword, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = new Uri(managementUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        client.Timeout = TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{adminUser}:{adminPassword}")));
        return client;
    }

    /// <summary>Applies the plan; <paramref name="passwords"/> holds one password per user of the plan.</summary>
    public async Task ApplyAsync(BrokerPlan plan, string vhost, IReadOnlyDictionary<string, string> passwords, CancellationToken cancellationToken)
    {
        var v = Uri.EscapeDataString(vhost);
        await PutAsync($"api/vhosts/{v}", new JsonObject(), cancellationToken);
        foreach (var user in plan.Users)
        {
            await PutAsync($"api/users/{Uri.EscapeDataString(user.User)}",
                new JsonObject { ["password"] = PasswordOf(passwords, user.User), ["tags"] = string.Join(",", user.Tags) }, cancellationToken);
            await PutAsync($"api/permissions/{v}/{Uri.EscapeDataString(user.User)}",
                new JsonObject { ["configure"] = user.Configure, ["write"] = user.Write, ["read"] = user.Read }, cancellationToken);
        }

        foreach (var queue in plan.Queues)
        {
            var q = Uri.EscapeDataString(queue.Queue);
            await PutAsync($"api/exchanges/{v}/{q}", Exchange(), cancellationToken);
            await PutAsync($"api/queues/{v}/{q}", Queue(), cancellationToken);
            await PostAsync($"api/bindings/{v}/e/{q}/q/{q}", new JsonObject { ["routing_key"] = "" }, cancellationToken);
        }

        foreach (var route in plan.Routes)
        {
            await PutAsync($"api/exchanges/{v}/{Uri.EscapeDataString(route.Exchange)}", Exchange(), cancellationToken);
            await PostAsync($"api/bindings/{v}/e/{Uri.EscapeDataString(route.Exchange)}/e/{Uri.EscapeDataString(route.Queue)}",
                new JsonObject { ["routing_key"] = "" }, cancellationToken);
        }
    }

    /// <summary>The plan as a RabbitMQ definitions file (passwords as RabbitMQ's salted SHA-256 hashes).</summary>
    public static JsonObject Definitions(BrokerPlan plan, string vhost, IReadOnlyDictionary<string, string> passwords)
    {
        var exchanges = plan.Queues.Select(q => q.Queue).Concat(plan.Routes.Select(r => r.Exchange))
            .Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name, ["vhost"] = vhost, ["type"] = "fanout", ["durable"] = true, ["auto_delete"] = false, ["internal"] = false, ["arguments"] = new JsonObject(),
            });
        var bindings = plan.Queues.Select(q => Binding(vhost, q.Queue, q.Queue, "queue"))
            .Concat(plan.Routes.Select(r => Binding(vhost, r.Exchange, r.Queue, "exchange")))
            .Select(b => (JsonNode)b);
        return new JsonObject
        {
            ["users"] = new JsonArray([.. plan.Users.Select(u => (JsonNode)new JsonObject
            {
                ["name"] = u.User,
                ["password_hash"] = PasswordHash(PasswordOf(passwords, u.User)),
                ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
                ["tags"] = new JsonArray([.. u.Tags.Select(t => (JsonNode)JsonValue.Create(t)!)]),
            })]),
            ["vhosts"] = new JsonArray(new JsonObject { ["name"] = vhost }),
            ["permissions"] = new JsonArray([.. plan.Users.Select(u => (JsonNode)new JsonObject
            {
                ["user"] = u.User, ["vhost"] = vhost, ["configure"] = u.Configure, ["write"] = u.Write, ["read"] = u.Read,
            })]),
            ["queues"] = new JsonArray([.. plan.Queues.Select(q => (JsonNode)new JsonObject
            {
                ["name"] = q.Queue, ["vhost"] = vhost, ["durable"] = true, ["auto_delete"] = false, ["arguments"] = new JsonObject { ["x-queue-type"] = "quorum" },
            })]),
            ["exchanges"] = new JsonArray([.. exchanges]),
            ["bindings"] = new JsonArray([.. bindings]),
        };
    }

    /// <summary>RabbitMQ's <c>rabbit_password_hashing_sha256</c>: base64 of a 4-byte salt followed by SHA-256(salt + password).</summary>
    public static string PasswordHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var salted = salt.Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        return Convert.ToBase64String([.. salt, .. SHA256.HashData(salted)]);
    }

    private static JsonObject Binding(string vhost, string source, string destination, string destinationType) => new JsonObject
    {
        ["source"] = source, ["vhost"] = vhost, ["destination"] = destination, ["destination_type"] = destinationType, ["routing_key"] = "", ["arguments"] = new JsonObject(),
    };

    private static JsonObject Exchange() => new() { ["type"] = "fanout", ["durable"] = true, ["auto_delete"] = false, ["internal"] = false, ["arguments"] = new JsonObject() };

    private static JsonObject Queue() => new() { ["durable"] = true, ["auto_delete"] = false, ["arguments"] = new JsonObject { ["x-queue-type"] = "quorum" } };

    private static string PasswordOf(IReadOnlyDictionary<string, string> passwords, string user) =>
        passwords.TryGetValue(user, out var password) && !string.IsNullOrEmpty(password)
            ? password
            : throw new ArgumentException($"No password for broker user '{user}'.", nameof(passwords));

    private async Task PutAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await management.PutAsJsonAsync(path, body, cancellationToken);
        await EnsureAsync(response, "PUT", path, cancellationToken);
    }

    private async Task PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await management.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureAsync(response, "POST", path, cancellationToken);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new BrokerProvisioningException($"{method} /{path}: {(int)response.StatusCode} {response.ReasonPhrase} {text.Trim()}".Trim(), (int)response.StatusCode);
    }
}

/// <summary>The management API refused a step of the provisioning; the message names the call and the broker's answer.</summary>
public sealed class BrokerProvisioningException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
