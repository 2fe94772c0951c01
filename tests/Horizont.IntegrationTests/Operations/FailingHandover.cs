using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting.Data;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;
using Horizont.Provider.Data;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// The Jugendamt, the provider horizont-ev whose case store fails while <see cref="Fault"/> is on, and operations,
/// as separate hosts on the real RabbitMQ.
/// </summary>
public sealed class FailingHandover : IDisposable
{
    /// <summary>What the referral of <see cref="Referrals.Body"/> says about the young person and the caseworker.</summary>
    public static readonly string[] PersonalData = ["Testfall", "Mustermann", "2004-03-14", "14.03.2004", "0170 0000000", "Frau Beispiel", "jgh@example.org", "nachmittags"];

    private readonly TempDirectory _temp = new();

    public FaultSwitch Fault { get; } = new();

    public static Task ResetBrokerAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev", "brueckenbau-ev", "horizont-operations") : Task.CompletedTask;

    /// <summary>The Jugendamt; its client submits with a caseworker's key.</summary>
    public async Task<AgencyHost> StartJugendamtAsync() =>
        await (await AgencyHost.StartAsync(_temp.Sub("ja-nordhausen"), Broker.TransportSettings(), b => b.AddJugendamt()))
            .WithKeyAsync("jgh.test", "ja-nordhausen", HorizontRoles.JugendamtCasework);

    /// <summary>The provider; its client reads cases with a team lead's key.</summary>
    public async Task<AgencyHost> StartProviderAsync()
    {
        var settings = Broker.TransportSettings();
        settings["Messaging:ImmediateRetries"] = "1";
        var provider = await AgencyHost.StartAsync(_temp.Sub("horizont-ev"), settings, b =>
        {
            b.AddProvider();
            b.Services.AddStoreInterceptor<CaseDbContext>(_ => Fault);
        });
        return await provider.WithKeyAsync("teamleitung.test", "horizont-ev", HorizontRoles.ProviderTeamLead);
    }

    /// <summary>
    /// Operations scanning every half second, its client with an Operations key; with <paramref name="smtpPort"/> its
    /// alerts go to betrieb@horizont.example.
    /// </summary>
    public async Task<AgencyHost> StartOperationsAsync(int? smtpPort = null, bool listening = false)
    {
        var settings = Broker.TransportSettings();
        settings["Operations:ScanInterval"] = "00:00:00.500";
        if (smtpPort is { } port)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = nameof(SmtpSecurity.None);
            settings["Smtp:From"] = "Horizont <horizont@horizont.example>";
            settings["Smtp:Recipients:Operations"] = "betrieb@horizont.example";
        }

        var ops = listening
            ? await AgencyHost.StartListeningAsync(_temp.Sub("operations"), settings, b => b.AddOperationsForTests())
            : await AgencyHost.StartAsync(_temp.Sub("operations"), settings, b => b.AddOperationsForTests());
        return await ops.AsOperationsAsync();
    }

    public static async Task SubmitAsync(AgencyHost jugendamt, Guid referralId, string fileReference)
    {
        using var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(referralId, "horizont-ev", fileReference));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Waits until operations shows exactly one failure group, of <paramref name="count"/> messages.</summary>
    public static async Task<JsonElement> WaitForGroupAsync(AgencyHost ops, int count = 1) =>
        await Eventually.GetAsync<JsonElement>(async () =>
        {
            var answer = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures");
            var groups = answer.GetProperty("groups").EnumerateArray().ToList();
            return groups.Count == 1 && groups[0].GetProperty("count").GetInt32() == count ? groups[0] : null;
        }, $"a failure group of {count}", TimeSpan.FromSeconds(30));

    public static void AssertNoPersonalData(string where, string text)
    {
        foreach (var value in PersonalData)
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} shows '{value}'");
    }

    public void Dispose() => _temp.Dispose();
}
