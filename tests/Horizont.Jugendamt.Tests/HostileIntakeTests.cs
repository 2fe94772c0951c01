using System.Diagnostics;
using System.Text.Json;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// The intake folder as an attacker or a careless exporter fills it: every entry ends in processed/ or rejected/ with
/// its reason, nothing stalls (the good file beside them is handed over), nothing is lost, no partial referral.
/// </summary>
public sealed class HostileIntakeTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;
    private string _outside = null!;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _outside = Path.Combine(_host.DataDirectory, "outside");
        Directory.CreateDirectory(_outside);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string JsonWith(Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var json = TestReferrals.Json();
        change(json);
        return json.ToJsonString();
    }

    /// <summary>Each hostile entry: how to put it into the inbox, and a fragment its reason in rejected/ must hold.</summary>
    public static TheoryData<string, string> Kinds() => new()
    {
        { "fifo", "Pipe (FIFO)" },
        { "dangling-symlink", "symbolischer Link" },
        { "symlink-outside", "symbolischer Link" },
        { "directory", "Ordner" },
        { "oversize", "größer als erlaubt" },
        { "nul-in-name", "Feld youngPerson.givenName: Enthält Steuer- oder Formatierungszeichen" },
        { "esc-in-file-reference", "Feld fileReference: Enthält Steuer- oder Formatierungszeichen" },
        { "rlo-in-family-name", "Feld youngPerson.familyName: Enthält Steuer- oder Formatierungszeichen" },
        { "newline-in-caseworker", "Feld caseworker.name: Enthält Steuer- oder Formatierungszeichen" },
        { "date-of-birth-0001", "Feld youngPerson.dateOfBirth: Das Geburtsdatum passt nicht" },
        { "deadline-9999", "Feld deadline: Die Frist liegt mehr als 3 Jahre in der Zukunft" },
        { "swapped-columns", "Feld providerId (Spalte providerId): Unbekannter Träger" },
    };

    private void Put(string kind)
    {
        var inbox = _host.Folders.Inbox;
        switch (kind)
        {
            case "fifo":
                using (var mkfifo = Process.Start("mkfifo", Path.Combine(inbox, "pipe.json")))
                    mkfifo.WaitForExit();
                break;
            case "dangling-symlink":
                File.CreateSymbolicLink(Path.Combine(inbox, "weg.json"), Path.Combine(_outside, "does-not-exist.json"));
                break;
            case "symlink-outside":
                var secret = Path.Combine(_outside, "fremd.json");
                File.WriteAllText(secret, JsonWith(j => j["fileReference"] = "OUTSIDE"));
                File.CreateSymbolicLink(Path.Combine(inbox, "fremd.json"), secret);
                break;
            case "directory":
                Directory.CreateDirectory(Path.Combine(inbox, "ordner.json"));
                break;
            case "oversize":
                _host.Drop("riesig.csv", new byte[(5 * 1024 * 1024) + 1]);
                break;
            case "nul-in-name":
                _host.Drop("nul.json", JsonWith(j => j["youngPerson"]!["givenName"] = "Le\u0000na"));
                break;
            case "esc-in-file-reference":
                _host.Drop("esc.json", JsonWith(j => j["fileReference"] = "JGH-\u001b[31m-1"));
                break;
            case "rlo-in-family-name":
                _host.Drop("rlo.json", JsonWith(j => j["youngPerson"]!["familyName"] = "Beispiel\u202Eartsuh"));
                break;
            case "newline-in-caseworker":
                _host.Drop("crlf.json", JsonWith(j => j["caseworker"]!["name"] = "Petra\r\nINFO forged"));
                break;
            case "date-of-birth-0001":
                _host.Drop("geburt.json", JsonWith(j => j["youngPerson"]!["dateOfBirth"] = "0001-01-01"));
                break;
            case "deadline-9999":
                _host.Drop("frist.json", JsonWith(j => j["deadline"] = "9999-12-31"));
                break;
            case "swapped-columns":
                var row = TestReferrals.CsvRow();
                (row["providerId"], row["familyName"]) = (row["familyName"], row["providerId"]);
                _host.Drop("vertauscht.csv", TestReferrals.Csv(row));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_hostile_entry_ends_in_rejected_with_its_reason_and_the_good_file_beside_it_is_handed_over(string kind, string reason)
    {
        Put(kind);
        _host.Drop("zz-gut.json", TestReferrals.Bytes(TestReferrals.Json()));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.HandedOver);
        Assert.Equal(1, run.FilesRejected);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_host.Folders.Inbox), p => !Path.GetFileName(p).StartsWith('.'));
        Assert.Equal(["zz-gut.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        var report = Assert.Single(Directory.GetFiles(_host.Folders.Rejected, "*.error.txt"));
        var text = await File.ReadAllTextAsync(report);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.FamilyName, text, StringComparison.Ordinal);
        Assert.True(Path.Exists(report[..^".error.txt".Length]) || File.ResolveLinkTarget(report[..^".error.txt".Length], false) is not null,
            "the entry itself lies beside its reason");
        var sent = JsonSerializer.Deserialize<SubmitReferral>(Assert.Single(await _host.OutboxAsync()).Body)!;
        Assert.Equal("JGH-2026-0815", sent.FileReference);

        var again = await _host.ProcessInboxAsync();
        Assert.Equal(new IntakeRun(0, 0, 0, 0, 0, 0), again);
    }

    [Fact]
    public async Task A_symlink_is_moved_itself_and_its_target_outside_stays_unread_and_in_place()
    {
        Put("symlink-outside");

        await _host.ProcessInboxAsync();

        Assert.True(File.Exists(Path.Combine(_outside, "fremd.json")));
        Assert.NotNull(new FileInfo(Path.Combine(_host.Folders.Rejected, "fremd.json")).LinkTarget);
        Assert.Empty(await _host.OutboxAsync());
    }

    [Fact]
    public async Task Long_and_newline_names_are_moved_once_under_safe_names_and_handed_over_once()
    {
        var longName = new string('a', 246) + ".json";
        _host.Drop(longName, TestReferrals.Bytes(TestReferrals.Json()));
        var json = TestReferrals.Json();
        json["fileReference"] = "JGH-NEWLINE";
        _host.Drop("zuweisung\n2026-12-01 INFO forged.json", TestReferrals.Bytes(json));

        var run = await _host.ProcessInboxAsync();
        var again = await _host.ProcessInboxAsync();

        Assert.Equal(2, run.HandedOver);
        Assert.Equal(new IntakeRun(0, 0, 0, 0, 0, 0), again);
        var processed = JugendamtHost.FilesIn(_host.Folders.Processed);
        Assert.Equal(2, processed.Length);
        Assert.All(processed, n => Assert.True(n.Length <= IntakeFileNames.MaxStemLength + 20 && !n.Any(char.IsControl), n));
        Assert.Contains(processed, n => n.StartsWith("zuweisung_2026-12-01 INFO forged~", StringComparison.Ordinal));
        Assert.Equal(2, (await _host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_csv_with_formula_values_keeps_good_rows_and_writes_bad_rows_spreadsheet_safe()
    {
        var good = TestReferrals.CsvRow("JGH-GOOD");
        good["note"] = "=HYPERLINK(http://example.org)";
        var bad = TestReferrals.CsvRow("@SUM(A1)");
        bad["hoursOrdered"] = "-5";
        bad["givenName"] = "+HYPERLINK(http://example.org)";
        _host.Drop("formeln.csv", TestReferrals.Csv(good, bad));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.HandedOver);
        Assert.Equal(1, run.RowsRejected);
        var rows = (await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "formeln.rejected-rows.csv")))[1];
        Assert.Contains(";'@SUM(A1);", rows, StringComparison.Ordinal);
        Assert.Contains(";'-5;", rows, StringComparison.Ordinal);
        Assert.Contains(";'+HYPERLINK(http://example.org);", rows, StringComparison.Ordinal);
        foreach (var cell in rows.Split(';'))
            Assert.False(cell.TrimStart('"').Length > 0 && cell.TrimStart('"')[0] is '=' or '+' or '-' or '@', cell);
    }

    [Fact]
    public async Task The_intake_health_is_degraded_when_an_entry_sits_longer_than_the_threshold_and_healthy_again_when_it_is_gone()
    {
        var stuck = Path.Combine(_host.Folders.Inbox, "haengt.json.tmp");
        await File.WriteAllTextAsync(stuck, "{");
        var check = _host.App.Services.GetServices<IHealthCheck>().OfType<IntakeHealthCheck>().SingleOrDefault()
            ?? ActivatorUtilities.CreateInstance<IntakeHealthCheck>(_host.App.Services);

        await _host.ProcessInboxAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        _host.Time.Advance(TimeSpan.FromMinutes(6));
        await _host.ProcessInboxAsync();
        var degraded = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.DoesNotContain("haengt", degraded.Description, StringComparison.Ordinal);

        File.Delete(stuck);
        await _host.ProcessInboxAsync();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task The_intake_health_is_unhealthy_when_no_pass_has_completed_for_long()
    {
        var check = ActivatorUtilities.CreateInstance<IntakeHealthCheck>(_host.App.Services);
        await _host.ProcessInboxAsync();

        // The clock jumps while the background loop is given no chance to run a pass.
        _host.Time.AdjustTime(_host.Time.GetUtcNow() + TimeSpan.FromMinutes(10));

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task The_files_claimed_by_a_stopped_instance_return_to_the_inbox_after_the_lease_and_are_read()
    {
        var dead = Path.Combine(_host.Folders.Claims, "stopped-instance");
        Directory.CreateDirectory(dead);
        await File.WriteAllBytesAsync(Path.Combine(dead, "liegen-geblieben.json"), TestReferrals.Bytes(TestReferrals.Json()));
        Directory.SetLastWriteTimeUtc(dead, _host.Time.GetUtcNow().UtcDateTime);

        var within = await _host.ProcessInboxAsync();
        Assert.Equal(0, within.HandedOver);

        _host.Time.AdjustTime(_host.Time.GetUtcNow() + TimeSpan.FromMinutes(6));
        var after = await _host.ProcessInboxAsync();

        Assert.Equal(1, after.HandedOver);
        Assert.Equal(["liegen-geblieben.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.False(Directory.Exists(dead));
    }
}

/// <summary>A file written in two steps without a rename is read only once it has settled.</summary>
public sealed class SettleIntakeTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync(builder =>
        builder.Configuration["Jugendamt:IntakeSettleTime"] = "00:00:02");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_csv_written_in_two_steps_is_read_whole_once_unchanged_for_the_settle_time()
    {
        var row = TestReferrals.CsvRow();
        row["hoursOrdered"] = "120";
        var csv = TestReferrals.Csv(row);
        var cut = csv.IndexOf(";120;", StringComparison.Ordinal) + 3; // "…;12" : the measured half-read file said 12 hours
        var path = Path.Combine(_host.Folders.Inbox, "zwei-schritte.csv");
        await File.WriteAllTextAsync(path, csv[..cut]);

        Assert.Equal(0, (await _host.ProcessInboxAsync()).HandedOver);
        await File.AppendAllTextAsync(path, csv[cut..]);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await _host.ProcessInboxAsync()).HandedOver);

        // The background poll may read it as the clock moves; either way it is read once, whole.
        _host.Time.Advance(TimeSpan.FromSeconds(2));
        await _host.ProcessInboxAsync();

        Assert.Equal(["zwei-schritte.csv"], JugendamtHost.FilesIn(_host.Folders.Processed));
        var sent = JsonSerializer.Deserialize<SubmitReferral>(Assert.Single(await _host.OutboxAsync()).Body)!;
        Assert.Equal(120m, sent.HoursOrdered);
    }
}
