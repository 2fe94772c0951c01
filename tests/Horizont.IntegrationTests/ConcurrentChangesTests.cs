using System.Net;
using System.Net.Http.Json;
using System.Text;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Horizont.IntegrationTests;

/// <summary>
/// Many changes of one referral at once over HTTP (Kestrel, so the requests really run in parallel): each is
/// sent (202), sent before (200) or refused as concurrent (409); none is a server error, and every 202 was sent once.
/// </summary>
public sealed class ConcurrentChangesTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private string? _ledger;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_ledger is not null)
            await Postgres.DropDatabaseAsync(_ledger);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public Task Twenty_amendments_each_sent_four_times_at_once_on_sqlite_are_answered_202_200_or_409_never_500() =>
        AmendAtOnceAsync(new Dictionary<string, string?> { ["Transport"] = "InMemory" });

    [PostgresFact]
    public async Task Twenty_amendments_each_sent_four_times_at_once_on_postgres_are_answered_202_200_or_409_never_500()
    {
        _ledger = await Postgres.CreateDatabaseAsync("horizont_ledger");
        await AmendAtOnceAsync(new Dictionary<string, string?>
        {
            ["Transport"] = "InMemory",
            ["Database:Provider"] = "Postgres",
            // Pooled as in production: the test databases are unpooled (so they can be dropped at once), and 80 requests
            // each opening fresh connections for key check and ledger outlasted the connect timeout on a loaded CI machine.
            ["ConnectionStrings:Jugendamt"] = new NpgsqlConnectionStringBuilder(_ledger) { Pooling = true, MaxPoolSize = 20, Timeout = 30 }.ConnectionString,
        });
    }

    private async Task AmendAtOnceAsync(Dictionary<string, string?> settings)
    {
        await using var host = await AgencyHost.StartListeningAsync(_temp.Path, settings, b => b.AddJugendamt());
        var id = Guid.NewGuid();
        using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", "JGH-PAR-1")))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            (await db.Referrals.SingleAsync(r => r.Id == id)).Status = ReferralStatus.Accepted;
            await db.SaveChangesAsync();
        }

        // 20 different amendments (hours 41..60), each posted four times, all 80 at once.
        var answers = await Task.WhenAll(Enumerable.Range(41, 20).SelectMany(hours => Enumerable.Repeat(hours, 4)).Select(async hours =>
        {
            using var body = new StringContent($$"""{ "hoursOrdered": {{hours}}, "courtDecisionDate": "2026-11-30" }""", Encoding.UTF8, "application/json");
            using var response = await host.Client.PostAsync($"/jugendamt/api/referrals/{id}/amend", body);
            return (Hours: hours, response.StatusCode);
        }));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var sent = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Hours).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(sent.Count, sent.Distinct().Count());
        await using var check = host.Services.CreateAsyncScope();
        var ledger = check.ServiceProvider.GetRequiredService<LedgerDbContext>();
        Assert.Equal(sent.Count, await ledger.Changes.CountAsync(c => c.ReferralId == id));
        Assert.Equal(ReferralStatus.Amended, (await ledger.Referrals.SingleAsync(r => r.Id == id)).Status);
    }
}
