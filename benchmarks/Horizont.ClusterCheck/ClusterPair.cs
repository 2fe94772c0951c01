using System.Security.Cryptography;
using Horizont.Benchmarks;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Security;
using Horizont.Jugendamt;
using Horizont.Jugendamt.Data;
using Horizont.Messages;
using Horizont.Provider;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.ClusterCheck;

/// <summary>What the stores say at the end: per referral its cases and ledger lines, and the rows both outboxes still hold.</summary>
internal sealed record StoreFigures(
    IReadOnlyDictionary<Guid, int> CasesPerReferral,
    IReadOnlyDictionary<Guid, int> SubmitsPerReferral,
    IReadOnlyDictionary<Guid, int> AcceptancesPerReferral,
    int AcceptedInLedger,
    int UnsentRows,
    int RowsSentAfterAFailedSend);

/// <summary>
/// The Jugendamt ja-nordhausen and the provider horizont-ev in this process, each connected to every node of the cluster
/// through <c>Messaging:BrokerNodes</c>, as an operator would configure them; SQLite stores under a temporary folder.
/// </summary>
internal sealed class ClusterPair : IAsyncDisposable
{
    public const string JugendamtId = "ja-nordhausen";

    public const string ProviderId = "horizont-ev";

    private ClusterPair(ServiceHost jugendamt, ServiceHost provider, string jugendamtKey, string providerKey)
    {
        Jugendamt = jugendamt;
        Provider = provider;
        JugendamtKey = jugendamtKey;
        ProviderKey = providerKey;
    }

    public ServiceHost Jugendamt { get; }

    public ServiceHost Provider { get; }

    /// <summary>The Jugendamt's case system, which posts referrals.</summary>
    public string JugendamtKey { get; }

    /// <summary>The provider's team lead, who accepts.</summary>
    public string ProviderKey { get; }

    public static async Task<ClusterPair> StartAsync(CheckOptions options, BenchStorage storage)
    {
        var sealingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var first = Hosting.Messaging.BrokerNodes.Parse(options.Nodes)[0];
        Dictionary<string, string?> Settings(string agencyId, bool provider)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Transport"] = "RabbitMq",
                // Host and port are only the fallback of an empty BrokerNodes; the bus and the queue declaration use the list.
                ["RabbitMqTransport:Host"] = first.Host,
                ["RabbitMqTransport:Port"] = first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RabbitMqTransport:VHost"] = options.VirtualHost,
                ["RabbitMqTransport:User"] = options.User,
                ["RabbitMqTransport:Pass"] = options.Password,
                ["Messaging:BrokerNodes"] = options.Nodes,
                ["Partners:0:BrokerUser"] = options.User,
                ["Partners:1:BrokerUser"] = options.User,
                ["Partners:2:BrokerUser"] = options.User,
                [$"Messaging:Sealing:Keys:{ProviderId}+{JugendamtId}:cluster"] = sealingKey,
            };
            foreach (var (key, value) in storage.SettingsFor(agencyId, provider))
                settings[key] = value;
            return settings;
        }

        var jugendamt = await ServiceHost.StartAsync(Settings(JugendamtId, provider: false), b => b.AddJugendamt());
        var providerSettings = Settings(ProviderId, provider: true);
        providerSettings["Provider:AgencyId"] = ProviderId;
        var provider = await ServiceHost.StartAsync(providerSettings, b => b.AddProvider());
        return new ClusterPair(jugendamt, provider,
            await jugendamt.IssueKeyAsync("cluster-fachverfahren", JugendamtId, HorizontRoles.JugendamtCasework),
            await provider.IssueKeyAsync("cluster-leitung", ProviderId, HorizontRoles.ProviderTeamLead));
    }

    /// <summary>The referral ids of the provider's cases (a referral's case has its id).</summary>
    public Task<List<Guid>> CaseIdsAsync() => Provider.QueryAsync<CaseDbContext, List<Guid>>(db => db.Cases.Select(c => c.ReferralId).ToListAsync());

    /// <summary>Referrals the ledger shows as accepted.</summary>
    public Task<int> AcceptedInLedgerAsync() =>
        Jugendamt.QueryAsync<LedgerDbContext, int>(db => db.Referrals.CountAsync(r => r.Status == ReferralStatus.Accepted));

    public async Task<StoreFigures> FiguresAsync()
    {
        var cases = await Provider.QueryAsync<CaseDbContext, Dictionary<Guid, int>>(db =>
            db.Cases.GroupBy(c => c.ReferralId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        async Task<Dictionary<Guid, int>> LedgerLines(string kind) => await Jugendamt.QueryAsync<LedgerDbContext, Dictionary<Guid, int>>(db =>
            db.History.Where(h => h.Kind == kind).GroupBy(h => h.ReferralId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        static async Task<(int Unsent, int Retried)> Outbox(DbContext db) =>
            (await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null), await db.Set<OutboxMessage>().CountAsync(m => m.SentAt != null && m.Attempts > 0));
        var ledger = await Jugendamt.QueryAsync<LedgerDbContext, (int Unsent, int Retried)>(Outbox);
        var caseStore = await Provider.QueryAsync<CaseDbContext, (int Unsent, int Retried)>(Outbox);
        return new StoreFigures(cases, await LedgerLines(LedgerHistoryKinds.SubmitReferral), await LedgerLines(nameof(ReferralAccepted)),
            await AcceptedInLedgerAsync(), ledger.Unsent + caseStore.Unsent, ledger.Retried + caseStore.Retried);
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Jugendamt.DisposeAsync();
    }
}
