using System.Net;
using System.Net.Http.Json;
using System.Text;
using Horizont.Hosting.Reminders;
using Horizont.IntegrationTests.Infrastructure;
using MimeKit;
using netDumbster.smtp;
using Npgsql;
using Xunit.Abstractions;

namespace Horizont.IntegrationTests;

/// <summary>
/// Two provider processes on one PostgreSQL case store, their Quartz schedulers clustered in it, on the real broker:
/// every unanswered referral is reminded once and mailed once, also when the process that runs the sweep is killed in
/// the middle of a pass and the other one takes the sweep over.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class RemindersAcrossProcessesTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Total = 100;
    private const string Scheduler = "horizont-provider-reminders";
    private const string RaisedSql = $"SELECT COUNT(*) FROM \"Reminders\" WHERE \"Rule\" = '{ReminderCatalogue.UnansweredReferral}'";

    private readonly TempDirectory _temp = new();
    private readonly List<string> _databases = [];
    private readonly int _smtpPort = Ports.Free();

    public Task InitializeAsync() =>
        Broker.UnavailableReason is null ? Broker.ResetAsync("ja-nordhausen", "horizont-ev") : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await Postgres.DropDatabaseAsync(database);
    }

    public void Dispose() => _temp.Dispose();

    [BrokerFact]
    public async Task Each_unanswered_referral_is_reminded_and_mailed_once_when_the_sweeping_process_is_killed_mid_sweep()
    {
        Assert.Null(Postgres.UnavailableReason);
        using var smtp = SimpleSmtpServer.Start(_smtpPort);
        var ledger = await Postgres.CreateDatabaseAsync("horizont_ledger_rem");
        var cases = await Postgres.CreateDatabaseAsync("horizont_cases_rem");
        _databases.AddRange([ledger, cases]);

        var services = new List<ServiceProcess>();
        try
        {
            var jugendamt = await ServiceProcess.StartAsync("Horizont.Jugendamt", Postgres.ServiceSettings(_temp.Sub("ja"), "Jugendamt", ledger));
            services.Add(jugendamt);
            // Two provider processes, one scheduler each in the cluster; instances[i] is the scheduler of providers[i].
            var providers = new List<ServiceProcess>();
            var instances = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                providers.Add(await ServiceProcess.StartAsync("Horizont.Provider", ProviderSettings($"provider-{i}", cases)));
                services.Add(providers[i]);
                await Eventually.TrueAsync(async () => await Postgres.ScalarAsync<long>(cases, $"SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = '{Scheduler}'") == i + 1,
                    $"{i + 1} provider schedulers in the cluster");
                instances.Add(await Postgres.ScalarAsync<string>(cases,
                    $"SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = '{Scheduler}' AND instance_name <> ALL (ARRAY['{string.Join("','", instances)}'])"));
            }

            var started = DateTime.UtcNow;
            var ids = Enumerable.Range(0, Total).Select(_ => Guid.NewGuid()).ToList();
            var killing = Task.Run(() => KillMidSweepAsync(providers, instances, cases));
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, cancellationToken) =>
            {
                using var response = await jugendamt.Client.PostAsJsonAsync("/jugendamt/api/referrals",
                    Referrals.Body(id, "horizont-ev", $"JGH-REM-{id:N}"), cancellationToken);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            });
            await Eventually.TrueAsync(async () => await Postgres.ScalarAsync<long>(cases, "SELECT COUNT(*) FROM \"Cases\"") == Total,
                $"all {Total} cases at the provider", TimeSpan.FromMinutes(2));
            output.WriteLine($"All {Total} cases at the provider {(DateTime.UtcNow - started).TotalSeconds:0} s in.");
            var kill = await killing;
            output.WriteLine($"Killed provider {kill.Killed} in its sweep, with {kill.Raised} of {Total} reminders raised{(kill.MailInFlight ? " and its mail job running" : "")}, " +
                $"{(kill.At - started).TotalSeconds:0} s in.");

            // The survivor finds the dead scheduler (after its check-in interval), takes the sweep over and raises the rest.
            await Eventually.TrueAsync(async () => await Postgres.ScalarAsync<long>(cases, RaisedSql) >= Total,
                $"an unanswered-referral reminder for each of the {Total} cases", TimeSpan.FromMinutes(3));
            output.WriteLine($"All {Total} reminders raised {(DateTime.UtcNow - started).TotalSeconds:0} s in.");
            await Eventually.TrueAsync(async () => await Postgres.ScalarAsync<long>(cases, $"{RaisedSql} AND \"Mail\" = 'Sent'") == Total,
                $"the {Total} reminders' mails sent", TimeSpan.FromMinutes(3));
            output.WriteLine($"All {Total} reminders mailed {(DateTime.UtcNow - started).TotalSeconds:0} s in.");

            Assert.Equal(Total, await Postgres.ScalarAsync<long>(cases, RaisedSql));
            Assert.Equal(ids.Order(), (await ListAsync(cases, "ReferralId")).Select(Guid.Parse).Order());
            // Every row is mailed once, to the intake team, and no mail names the young person or the caseworker. The one
            // exception the design allows (docs/reminders.md): the mail the killed process had sent and not yet marked sent.
            var mails = smtp.ReceivedEmail.Select(m => (Raw: m.Data, Message: MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))).ToList();
            var mailed = mails.Select(m => m.Message.Headers["X-Horizont-Reminder"]).ToList();
            Assert.Equal((await ListAsync(cases, "Id")).Order(), mailed.Distinct().Order());
            output.WriteLine($"{mailed.Count} mails for {Total} reminders.");
            Assert.InRange(mailed.Count, Total, kill.MailInFlight ? Total + 1 : Total);
            Assert.All(mails, m => Assert.Equal(ReminderMail.ProviderIntake, Assert.Single(m.Message.To.Mailboxes).Address));
            Assert.All(mails, m => Assert.DoesNotContain(Referrals.PersonalData, p => m.Raw.Contains(p, StringComparison.OrdinalIgnoreCase)));
        }
        finally
        {
            foreach (var service in services)
            {
                output.WriteLine(service.RecentOutput);
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Watches which provider's scheduler runs the sweep, and kills that process while it does, with some but not all
    /// reminders raised. Returns which one it killed, how many were raised, whether its mail job was running too, and when.
    /// </summary>
    private static async Task<(int Killed, long Raised, bool MailInFlight, DateTime At)> KillMidSweepAsync(List<ServiceProcess> providers, List<string> instances, string cases)
    {
        var probe = $"""
            SELECT f.instance_name,
                   EXISTS (SELECT 1 FROM qrtz_fired_triggers m WHERE m.sched_name = f.sched_name AND m.instance_name = f.instance_name
                           AND m.job_name = 'reminder-mail' AND m.state = 'EXECUTING'),
                   ({RaisedSql})
            FROM qrtz_fired_triggers f WHERE f.sched_name = '{Scheduler}' AND f.job_name = 'reminder-sweep' AND f.state = 'EXECUTING'
            """;
        // One connection for the whole watch: a new one every few milliseconds would load the server more than the services do.
        await using var connection = new NpgsqlConnection(cases);
        await connection.OpenAsync();
        async Task<(int Sweeper, bool Mail, long Raised)?> ReadAsync()
        {
            await using var command = new NpgsqlCommand(probe, connection);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (instances.IndexOf(reader.GetString(0)), reader.GetBoolean(1), reader.GetInt64(2)) : null;
        }

        async Task<long> RaisedAsync()
        {
            await using var command = new NpgsqlCommand(RaisedSql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            // Preferably while its mail job is idle, so every mail must arrive exactly once; past half the reminders, any pass.
            if (await ReadAsync() is { Sweeper: >= 0, Raised: > 0 and < Total } seen && (!seen.Mail || seen.Raised > Total / 2))
            {
                // Frozen, it cannot finish the pass between this look and the kill.
                (int Sweeper, bool Mail, long Raised)? atKill = null;
                if (await providers[seen.Sweeper].KillIfFrozenAsync(async () => (atKill = await ReadAsync()) is { Raised: > 0 and < Total } now && now.Sweeper == seen.Sweeper))
                    return (seen.Sweeper, atKill!.Value.Raised, atKill.Value.Mail, DateTime.UtcNow);
            }
            else if (await RaisedAsync() >= Total)
            {
                throw new InvalidOperationException($"All {Total} reminders were raised before a provider could be caught in a pass of the sweep.");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("No provider was seen running the sweep within 3 minutes.");
    }

    /// <summary>A column of the unanswered-referral reminders, as text.</summary>
    private static async Task<string[]> ListAsync(string cases, string column) =>
        (await Postgres.ScalarAsync<string>(cases, $"SELECT string_agg(\"{column}\"::text, ',') FROM \"Reminders\" WHERE \"Rule\" = '{ReminderCatalogue.UnansweredReferral}'"))
            .Split(',');

    private Dictionary<string, string?> ProviderSettings(string directory, string cases)
    {
        var settings = Postgres.ServiceSettings(_temp.Sub(directory), "Provider", cases);
        settings["Provider:AgencyId"] = "horizont-ev";
        settings["Reminders:SweepInterval"] = "0.00:00:01";
        // Small batches: a pass over the due referrals commits several times, so a kill can fall between two commits.
        settings["Reminders:BatchSize"] = "5";
        settings["Reminders:Rules:UnansweredReferral:After"] = "0.00:00:02";
        settings["Reminders:Rules:UnansweredReferral:Calendar"] = "CalendarDays";
        return ReminderMail.AddTo(settings, _smtpPort);
    }
}
