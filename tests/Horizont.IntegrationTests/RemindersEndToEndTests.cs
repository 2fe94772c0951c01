using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Reminders;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Jugendamt.Data;
using Horizont.Provider;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using Npgsql;

namespace Horizont.IntegrationTests;

/// <summary>
/// The reminders as they run: Quartz with its persistent store sweeping every second, thresholds of seconds,
/// a real SMTP server on 127.0.0.1, restarts, and two provider instances sharing one PostgreSQL store.
/// </summary>
public sealed class RemindersEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<string> _databases = [];
    private readonly int _smtpPort = Ports.Free();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await Postgres.DropDatabaseAsync(database);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_referral_nobody_answers_gives_one_reminder_and_one_email_per_side_and_none_again_after_a_restart()
    {
        using var smtp = SimpleSmtpServer.Start(_smtpPort);
        var settings = Settings(new()
        {
            ["Transport"] = "InMemory",
            ["Reminders:SweepInterval"] = "0.00:00:01",
            ["Reminders:Rules:UnansweredReferral:After"] = "0.00:00:03",
            ["Reminders:Rules:UnansweredReferral:Calendar"] = "CalendarDays",
        });
        var id = Guid.NewGuid();

        await using (var host = await AllInOneAsync(settings))
        {
            using (var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", "JGH-2026-4711")))
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            // Quartz sweeps, raises, and its mail job sends: both sides, one each.
            await Eventually.TrueAsync(() => Task.FromResult(smtp.ReceivedEmailCount >= 2), "two reminder e-mails", TimeSpan.FromSeconds(30));
            var provider = Assert.Single(await ListAsync(host, "/provider/api/reminders"));
            var jugendamt = Assert.Single(await ListAsync(host, "/jugendamt/api/follow-ups"));
            Assert.Equal((ReminderCatalogue.UnansweredReferral, id), (provider.Rule, provider.ReferralId));
            Assert.Equal((ReminderCatalogue.UnansweredReferral, id), (jugendamt.Rule, jugendamt.ReferralId));
            await Eventually.TrueAsync(async () => (await ListAsync(host, "/provider/api/reminders")).Single().Mail == ReminderMailState.Sent, "the mail marked sent");
        }

        var mails = smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();
        Assert.Equal(2, mails.Count);
        var toIntake = Assert.Single(mails, m => m.To.Mailboxes.Any(a => a.Address == "aufnahme@horizont-ev.example"));
        Assert.Equal("Horizont-Erinnerung: Zuweisung unbeantwortet (Az. JGH-2026-4711)", toIntake.Subject);
        Assert.Contains($"/provider/faelle/{id}", toIntake.TextBody, StringComparison.Ordinal);
        Assert.Contains(mails, m => m.To.Mailboxes.Any(a => a.Address == "jgh@ja-nordhausen.example") && (m.Subject ?? "").Contains("vom Träger unbeantwortet", StringComparison.Ordinal));
        foreach (var raw in smtp.ReceivedEmail.Select(m => m.Data))
            Assert.DoesNotContain(Referrals.PersonalData, p => raw.Contains(p, StringComparison.OrdinalIgnoreCase));

        // After a restart on the same store, a pass of each side's sweep and mail job raises and sends nothing more.
        await using (var restarted = await AllInOneAsync(settings))
        {
            Assert.Empty(await restarted.Services.GetRequiredService<ReminderSweep<CaseDbContext, Case>>().RunAsync(CancellationToken.None));
            Assert.Empty(await restarted.Services.GetRequiredService<ReminderSweep<LedgerDbContext, Referral>>().RunAsync(CancellationToken.None));
            Assert.Equal(0, await restarted.Services.GetRequiredService<ReminderMailer<CaseDbContext>>().RunAsync(CancellationToken.None));
            Assert.Single(await ListAsync(restarted, "/provider/api/reminders"));
            Assert.Single(await ListAsync(restarted, "/jugendamt/api/follow-ups"));

            // And Quartz keeps running after the restart: a second referral is reminded too, the first still once.
            var second = Guid.NewGuid();
            (await restarted.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(second, "horizont-ev", "JGH-2026-4712"))).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(async () => (await ListAsync(restarted, "/provider/api/reminders")).Any(r => r.ReferralId == second),
                "the second referral's reminder", TimeSpan.FromSeconds(30));
            Assert.Single(await ListAsync(restarted, "/provider/api/reminders"), r => r.ReferralId == id);
        }

        Assert.Equal(1, smtp.ReceivedEmail.Count(m => m.Data.Contains("JGH-2026-4711", StringComparison.Ordinal) && m.Data.Contains("aufnahme@", StringComparison.Ordinal)));
    }

    [PostgresFact]
    public async Task Two_provider_instances_on_one_postgres_store_raise_each_reminder_once()
    {
        var ledger = await Postgres.CreateDatabaseAsync("horizont_ledger");
        var cases = await Postgres.CreateDatabaseAsync("horizont_cases");
        _databases.AddRange([ledger, cases]);
        var settings = new Dictionary<string, string?>
        {
            ["Transport"] = "InMemory",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Jugendamt"] = ledger,
            ["ConnectionStrings:Provider"] = cases,
            ["Reminders:SweepInterval"] = "0.00:00:01",
            ["Reminders:Rules:UnansweredReferral:After"] = "0.00:00:02",
            ["Reminders:Rules:UnansweredReferral:Calendar"] = "CalendarDays",
        };

        // A: the Jugendamt and a provider instance; B: a second provider instance on the same case store.
        await using var a = await AgencyHost.StartAsync(_temp.Path, settings, b => b.AddJugendamt(), b => b.AddProvider());
        await using var b = await AgencyHost.StartAsync(Path.Combine(_temp.Path, "b"), settings, b => b.AddProvider());

        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            (await a.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", $"JGH-PG-{i}"))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await ListAsync(b, "/provider/api/reminders")).Count >= ids.Length, "a reminder for every referral",
            TimeSpan.FromSeconds(40));

        // Both schedulers are in the cluster, and still each referral has one reminder after further passes of both.
        await using (var connection = new NpgsqlConnection(cases))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from qrtz_scheduler_state where sched_name = 'horizont-provider-reminders'", connection);
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
        }

        await Task.WhenAll(
            a.Services.GetRequiredService<ReminderSweep<CaseDbContext, Case>>().RunAsync(CancellationToken.None),
            b.Services.GetRequiredService<ReminderSweep<CaseDbContext, Case>>().RunAsync(CancellationToken.None));
        var reminders = await ListAsync(a, "/provider/api/reminders");
        Assert.Equal(ids.Order(), reminders.Select(r => r.ReferralId).Order());

        // The Jugendamt's sweep on PostgreSQL too: one follow-up and one history line per referral, written set-based,
        // their times through the ledger's converter.
        await Eventually.TrueAsync(async () => (await ListAsync(a, "/jugendamt/api/follow-ups")).Count >= ids.Length, "a follow-up for every referral",
            TimeSpan.FromSeconds(40));
        await using var scope = a.Services.CreateAsyncScope();
        var lines = await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Set<LedgerHistoryEntry>().AsNoTracking()
            .Where(h => h.Kind == LedgerHistoryKinds.FollowUpRaised)
            .ToListAsync();
        Assert.Equal(ids.Order(), lines.Select(l => l.ReferralId).Order());
        Assert.All(lines, l => Assert.InRange(l.Time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_wrong_mail_setting_in_the_all_in_one_host_is_reported_once_with_each_sides_missing_team()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AllInOneAsync(new()
        {
            ["Transport"] = "InMemory",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Recipients:ProviderIntake"] = "aufnahme@horizont-ev.example",
        }));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(failure.Message, "'Smtp:From'"));
        Assert.Contains("'Smtp:Recipients:ProviderCasework'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Smtp:Recipients:JugendamtCasework'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Smtp:Recipients:ProviderIntake'", failure.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?> settings) => ReminderMail.AddTo(settings, _smtpPort);

    private Task<AgencyHost> AllInOneAsync(Dictionary<string, string?> settings) =>
        AgencyHost.StartAsync(_temp.Path, settings, b => b.AddJugendamt(), b => b.AddProvider());

    private static async Task<List<ReminderView>> ListAsync(AgencyHost host, string path) =>
        (await host.Client.GetFromJsonAsync<List<ReminderView>>($"{path}?state=all", Json))!;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

}
