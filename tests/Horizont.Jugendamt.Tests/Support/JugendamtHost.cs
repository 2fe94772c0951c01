using Horizont.Tests.Shared;
using Horizont.Hosting;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Options;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>
/// The Jugendamt service as it runs: Hosting's startup, SQLite in a temporary data directory, the
/// in-memory transport, a fake clock. One per test; disposing stops it and deletes the directory.
/// </summary>
internal sealed class JugendamtHost : IAsyncDisposable
{
    /// <summary>This Jugendamt's id.</summary>
    public const string Agency = "ja-nordhausen";

    /// <summary>The name of the key <see cref="Client"/> sends: the Jugendamt's case system, role JugendamtCasework.</summary>
    public const string CaseSystem = "fachverfahren";

    private readonly Dictionary<string, HttpClient> _clients = [];

    private JugendamtHost(WebApplication app, FakeTimeProvider time, string dataDirectory, ConsumeWatcher consumed)
    {
        App = app;
        Time = time;
        DataDirectory = dataDirectory;
        Consumed = consumed;
        Anonymous = app.GetTestClient();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public string DataDirectory { get; }

    public ConsumeWatcher Consumed { get; }

    /// <summary>Sends the API key <see cref="CaseSystem"/> (role JugendamtCasework of this Jugendamt).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends no credentials at all.</summary>
    public HttpClient Anonymous { get; }

    public JugendamtFolders Folders => App.Services.GetRequiredService<JugendamtFolders>();

    public static async Task<JugendamtHost> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "horizont-jugendamt-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(TestReferrals.Now);
        var builder = HorizontHost.CreateBuilder([]);
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Horizont:DataDirectory"] = dataDirectory,
            ["Transport"] = "InMemory",
            ["Messaging:OutboxPollInterval"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Files are read at the first pass that sees them; the settle interval has tests of its own.
            ["Jugendamt:IntakeSettleTime"] = "00:00:00",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        configure?.Invoke(builder);
        builder.AddJugendamt();

        var app = await HorizontHost.BuildAsync(builder);
        var consumed = new ConsumeWatcher();
        app.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);
        await app.StartAsync();
        var host = new JugendamtHost(app, time, dataDirectory, consumed);
        host.Client = await host.ClientAsync(CaseSystem);
        return host;
    }

    /// <summary>
    /// A client that sends the API key <paramref name="name"/> (created at the first call; the name is the actor in the
    /// ledger's history and the audit trail), of <paramref name="role"/> at <paramref name="agency"/>.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string name, string role = HorizontRoles.JugendamtCasework, string agency = Agency)
    {
        if (!_clients.TryGetValue(name, out var client))
        {
            client = KeyClient(await IssueKeyAsync(name, role, agency));
            _clients[name] = client;
        }

        return client;
    }

    /// <summary>Creates an API key in the service's security store; the key.</summary>
    public Task<string> IssueKeyAsync(string name, string role, string agency = Agency) => App.Services.IssueApiKeyAsync(name, agency, role);

    /// <summary>A new client that sends <paramref name="key"/> (dispose it).</summary>
    public HttpClient KeyClient(string key)
    {
        var client = App.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(HorizontSecurity.ApiKeyScheme, key);
        return client;
    }

    /// <summary>The audit trail, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(Guid? referralId = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery(referralId, null, null, null, AuditTrail.MaxQuery), CancellationToken.None);
    }

    public Task<IntakeRun> ProcessInboxAsync() => App.Services.GetRequiredService<IntakeProcessor>().ProcessInboxAsync();

    /// <summary>Writes a file into the inbox the documented way: as <c>.tmp</c>, then renamed.</summary>
    public string Drop(string fileName, byte[] content)
    {
        var path = Path.Combine(Folders.Inbox, fileName);
        File.WriteAllBytes(path + ".tmp", content);
        File.Move(path + ".tmp", path);
        return path;
    }

    public string Drop(string fileName, string content) => Drop(fileName, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Runs <paramref name="query"/> on a fresh ledger context.</summary>
    public async Task<T> Ledger<T>(Func<LedgerDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    public Task<List<OutboxMessage>> OutboxAsync() => Ledger(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync());

    public Task<Referral?> ReferralAsync(Guid id) => Ledger(db => db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id));

    public Task<List<LedgerHistoryEntry>> HistoryAsync(Guid id) =>
        Ledger(db => db.History.AsNoTracking().Where(h => h.ReferralId == id).OrderBy(h => h.Id).ToListAsync());

    /// <summary>Changes a referral in the ledger directly: the status a test starts from.</summary>
    public Task UpdateReferralAsync(Guid id, Action<Referral> change) => Ledger(async db =>
    {
        change(await db.Referrals.SingleAsync(r => r.Id == id));
        return await db.SaveChangesAsync();
    });

    /// <summary>Hands a referral over through the API (an adult for horizont-ev); its id.</summary>
    public async Task<Guid> SubmitReferralAsync(string fileReference = "JGH-2026-0815")
    {
        var json = TestReferrals.Json();
        json["fileReference"] = fileReference;
        using var response = await Client.PostAsync(new Uri("/jugendamt/api/referrals", UriKind.Relative),
            new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("referralId").GetGuid();
    }

    /// <summary>Sends an event to this agency's queue as a provider would; its message id.</summary>
    public async Task<Guid> SendEventAsync(object message, Guid? messageId = null)
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await App.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:ja-nordhausen"));
        await endpoint.Send(App.Services.SealedForWire(message), message.GetType(), context => context.MessageId = id);
        return id;
    }

    /// <summary>
    /// The export folder's files once the export outbox has written every recorded file (the files are written
    /// after the ledger commits, by the export writer).
    /// </summary>
    public async Task<string[]> ExportedFilesAsync()
    {
        await Eventually.Until(() => Ledger(db => db.PendingExports.AnyAsync(x => x.WrittenAt == null)), pending => !pending, "every export file written");
        return FilesIn(Folders.Export);
    }

    public static string[] FilesIn(string folder) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        foreach (var client in _clients.Values)
            client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}
