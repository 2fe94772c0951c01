using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests.Support;

/// <summary>
/// The provider as it runs: Horizont's shared host with <c>AddProvider()</c>, the in-memory transport,
/// SQLite under a temporary data directory and a test server instead of Kestrel.
/// </summary>
internal sealed class ProviderHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The name of the key <see cref="Client"/> sends: a team lead of the provider, who may take every step.</summary>
    public const string Staff = "t.leitung";

    private readonly WebApplication _app;
    private readonly TempDirectory _directory;
    private readonly Dictionary<string, HttpClient> _clients = [];

    private ProviderHost(WebApplication app, TempDirectory directory)
    {
        _app = app;
        _directory = directory;
        Anonymous = app.GetTestClient();
    }

    /// <summary>Sends the API key <see cref="Staff"/> (role ProviderTeamLead of the provider).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends no credentials at all.</summary>
    public HttpClient Anonymous { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the provider; with <paramref name="time"/> (a fake clock) instead of the system clock, and extra <paramref name="settings"/>.</summary>
    public static async Task<ProviderHost> StartAsync(
        TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var directory = new TempDirectory();
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = directory.Path,
            ["Transport"] = "InMemory",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        configure?.Invoke(builder);
        builder.AddProvider();
        // The test reads what the provider sends from its outbox; it stands in for the Jugendamt's process, so the outbox
        // sends to the Jugendamt's in-memory queue instead of holding the messages for a partner nobody serves.
        builder.Services.AddSingleton<IAgencyInbox>(new ServedElsewhere(Referrals.Jugendamt));
        if (time is not null)
            builder.Services.AddSingleton(time); // the last registration wins over the shared host's TimeProvider.System
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        var host = new ProviderHost(app, directory);
        host.Client = await host.ClientAsync(Staff);
        return host;
    }

    /// <summary>
    /// A client that sends the API key <paramref name="name"/> (created at the first call; the name is the actor in
    /// histories and the audit trail), of <paramref name="role"/> at <paramref name="agency"/>.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string name, string role = HorizontRoles.ProviderTeamLead, string agency = Referrals.Provider)
    {
        if (!_clients.TryGetValue(name, out var client))
        {
            client = KeyClient(await IssueKeyAsync(name, role, agency));
            _clients[name] = client;
        }

        return client;
    }

    /// <summary>Creates an API key in the provider's security store; the key.</summary>
    public Task<string> IssueKeyAsync(string name, string role, string agency = Referrals.Provider) => _app.Services.IssueApiKeyAsync(name, agency, role);

    /// <summary>A new client that sends <paramref name="key"/> (dispose it).</summary>
    public HttpClient KeyClient(string key)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, key);
        return client;
    }

    /// <summary>The audit trail, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(Guid? referralId = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery(referralId, null, null, null, AuditTrail.MaxQuery), CancellationToken.None);
    }

    /// <summary>Sends any command into the provider's own queue, as a Jugendamt would, optionally under a given message id.</summary>
    public async Task SendAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Referrals.Provider}"));
        await endpoint.Send(_app.Services.SealedForWire(message), context =>
        {
            if (messageId is { } id)
                context.MessageId = id;
        });
    }

    /// <summary>Sends a referral and waits until the staff list shows it.</summary>
    public async Task<CaseSummary> SubmitAndWaitAsync(SubmitReferral referral)
    {
        await SendAsync(referral);
        return await Eventually.GetAsync(async () =>
            (await Client.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases", Json))!.SingleOrDefault(c => c.ReferralId == referral.ReferralId),
            $"referral {referral.ReferralId} in the case list");
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync();
    }

    public async Task<CaseDetail> GetCaseAsync(Guid referralId) =>
        (await Client.GetFromJsonAsync<CaseDetail>($"/provider/api/cases/{referralId}", Json))!;

    /// <summary>The messages of one type in the outbox, oldest first, as the Jugendamt will receive them.</summary>
    public async Task<List<T>> SentAsync<T>()
    {
        var rows = await OutboxAsync();
        return [.. rows
            .Where(r => r.MessageType == OutboxMessageTypes.NameOf(typeof(T)))
            .Select(r => JsonSerializer.Deserialize<T>(r.Body)!)];
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        foreach (var client in _clients.Values)
            client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A partner's queue that counts as served in this in-memory process, without consumers or receive pipeline.</summary>
internal sealed class ServedElsewhere(string queue) : IAgencyInbox
{
    public string Queue => queue;

    public void AddPipeline(IRegistrationContext context, IReceiveEndpointConfigurator endpoint)
    {
    }
}
