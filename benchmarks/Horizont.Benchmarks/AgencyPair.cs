using System.Security.Cryptography;
using Horizont.Hosting.Security;
using Horizont.Jugendamt;
using Horizont.Jugendamt.Data;
using Horizont.Provider;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Benchmarks;

/// <summary>
/// The Jugendamt ja-nordhausen and the provider horizont-ev, each a service of its own in this process with its own
/// data directory (and database), talking over RabbitMQ; and an API key for each side's HTTP clients.
/// </summary>
internal sealed class AgencyPair : IAsyncDisposable
{
    public const string JugendamtId = "ja-nordhausen";

    public const string ProviderId = "horizont-ev";

    private readonly Dictionary<string, string?> _providerSettings;

    private bool _providerStopped;

    private AgencyPair(ServiceHost jugendamt, ServiceHost provider, Dictionary<string, string?> providerSettings, string jugendamtKey, string providerKey)
    {
        Jugendamt = jugendamt;
        Provider = provider;
        _providerSettings = providerSettings;
        JugendamtKey = jugendamtKey;
        ProviderKey = providerKey;
    }

    public ServiceHost Jugendamt { get; }

    public ServiceHost Provider { get; private set; }

    /// <summary>The Jugendamt's case system (role JugendamtCasework).</summary>
    public string JugendamtKey { get; }

    /// <summary>The provider's team lead (role ProviderTeamLead), who accepts.</summary>
    public string ProviderKey { get; }

    /// <summary>
    /// Starts both services on the broker of <paramref name="transport"/> (the transport settings both share), with the
    /// Jugendamt's own <paramref name="jugendamtExtras"/> on top.
    /// </summary>
    public static async Task<AgencyPair> StartAsync(IReadOnlyDictionary<string, string?> transport, BenchStorage storage,
        IReadOnlyDictionary<string, string?>? jugendamtExtras = null)
    {
        // The key the two agencies seal personal fields with, as `horizont-ops seal-keys create` would hand both: this run's.
        var sealingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string?> Settings(string agencyId, bool provider)
        {
            var settings = new Dictionary<string, string?>(transport);
            settings[$"Messaging:Sealing:Keys:{ProviderId}+{JugendamtId}:bench"] = sealingKey;
            foreach (var (key, value) in storage.SettingsFor(agencyId, provider))
                settings[key] = value;
            return settings;
        }

        var jugendamtSettings = Settings(JugendamtId, provider: false);
        foreach (var (key, value) in jugendamtExtras ?? new Dictionary<string, string?>())
            jugendamtSettings[key] = value;
        var jugendamt = await ServiceHost.StartAsync(jugendamtSettings, b => b.AddJugendamt());
        var providerSettings = Settings(ProviderId, provider: true);
        providerSettings["Provider:AgencyId"] = ProviderId;
        var provider = await ServiceHost.StartAsync(providerSettings, b => b.AddProvider());
        return new AgencyPair(jugendamt, provider, providerSettings,
            await jugendamt.IssueKeyAsync("bench-fachverfahren", JugendamtId, HorizontRoles.JugendamtCasework),
            await provider.IssueKeyAsync("bench-leitung", ProviderId, HorizontRoles.ProviderTeamLead));
    }

    /// <summary>
    /// Stops the provider (its queue stays and fills) for as long as <paramref name="whileStopped"/> runs, then starts it
    /// again on the same store, in this process, whose code is already compiled. Returns how long the start took.
    /// </summary>
    public async Task<TimeSpan> RestartProviderAsync(Func<Task> whileStopped)
    {
        await Provider.DisposeAsync();
        _providerStopped = true;
        await whileStopped();
        Provider = await ServiceHost.StartAsync(_providerSettings, b => b.AddProvider());
        _providerStopped = false;
        return Provider.StartedIn;
    }

    /// <summary>Cases in the provider's store.</summary>
    public Task<int> CaseCountAsync() => Provider.QueryAsync<CaseDbContext, int>(db => db.Cases.CountAsync());

    /// <summary>Referrals the ledger shows as accepted, with the ledger's time of that change (its clock, set as it applied the event).</summary>
    public Task<Dictionary<Guid, DateTimeOffset>> AcceptedInLedgerAsync() =>
        Jugendamt.QueryAsync<LedgerDbContext, Dictionary<Guid, DateTimeOffset>>(db => db.Referrals.AsNoTracking()
            .Where(r => r.Status == ReferralStatus.Accepted)
            .ToDictionaryAsync(r => r.Id, r => r.StatusSince));

    public async ValueTask DisposeAsync()
    {
        // A restart that failed between the stop and the start left no running provider to stop.
        if (!_providerStopped)
            await Provider.DisposeAsync();
        await Jugendamt.DisposeAsync();
    }
}
