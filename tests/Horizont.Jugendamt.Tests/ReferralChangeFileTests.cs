using System.Text.Json;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// Amendments and withdrawals as intake files: a JSON file says what it is in <c>type</c>, a CSV file by its
/// header; the same rules as over HTTP, the same processed/rejected handling, and never sent twice.
/// </summary>
public sealed class ReferralChangeFileTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
        await _host.UpdateReferralAsync(_id, r => r.Status = ReferralStatus.InProgress);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_amendment_json_file_moves_to_processed_and_queues_AmendReferral()
    {
        _host.Drop("aenderung-0815.json", AmendmentJson(_id));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.ChangesSent);
        Assert.Equal(0, run.HandedOver);
        Assert.Equal(["aenderung-0815.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        var sent = JsonSerializer.Deserialize<AmendReferral>(Assert.Single(await SentAsync<AmendReferral>()).Body)!;
        Assert.Equal(_id, sent.ReferralId);
        Assert.Equal(60m, sent.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 3, 1), sent.Deadline);
        var history = (await _host.HistoryAsync(_id)).Last();
        Assert.Equal("AmendReferral", history.Kind);
        Assert.Equal("ja-nordhausen/intake", history.Actor);
        Assert.Contains("aenderung-0815.json", history.Detail, StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Amended, (await _host.ReferralAsync(_id))!.Status);
    }

    [Fact]
    public async Task A_withdrawal_json_file_moves_to_processed_and_queues_WithdrawReferral()
    {
        _host.Drop("beendigung.json", WithdrawalJson(_id));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.ChangesSent);
        Assert.Equal(["beendigung.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        var sent = JsonSerializer.Deserialize<WithdrawReferral>(Assert.Single(await SentAsync<WithdrawReferral>()).Body)!;
        Assert.Equal("MOVED_AWAY", sent.ReasonCode);
        Assert.Equal(ReferralStatus.WithdrawalRequested, (await _host.ReferralAsync(_id))!.Status);
    }

    [Fact]
    public async Task An_amendment_file_read_again_after_a_crash_is_not_sent_twice()
    {
        _host.Drop("aenderung.json", AmendmentJson(_id));
        await _host.ProcessInboxAsync();
        File.Move(Path.Combine(_host.Folders.Processed, "aenderung.json"), Path.Combine(_host.Folders.Inbox, "aenderung.json"));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(0, run.ChangesSent);
        Assert.Equal(1, run.ChangesSentBefore);
        Assert.Equal(["aenderung.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Inbox));
        Assert.Single(await SentAsync<AmendReferral>());
        Assert.Equal("AmendmentRepeated", (await _host.HistoryAsync(_id)).Last().Kind);
    }

    [Fact]
    public async Task A_withdrawal_file_read_again_after_a_crash_is_processed_not_refused_and_not_sent_twice()
    {
        _host.Drop("beendigung.json", WithdrawalJson(_id));
        await _host.ProcessInboxAsync();
        File.Move(Path.Combine(_host.Folders.Processed, "beendigung.json"), Path.Combine(_host.Folders.Inbox, "beendigung.json"));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.ChangesSentBefore);
        Assert.Equal(["beendigung.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Rejected));
        Assert.Single(await SentAsync<WithdrawReferral>());
    }

    [Fact]
    public async Task The_same_amendment_sent_over_http_and_dropped_as_a_file_is_sent_once()
    {
        using var response = await _host.Client.PostAsync($"/jugendamt/api/referrals/{_id}/amend",
            new StringContent("""{ "hoursOrdered": 60.0, "deadline": "2027-03-01", "courtDecisionDate": "2026-11-30" }""", System.Text.Encoding.UTF8, "application/json"));
        _host.Drop("aenderung.csv", $"referralId;hoursOrdered;deadline;courtDecisionDate\n{_id};60;01.03.2027;30.11.2026\n");

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, run.ChangesSentBefore);
        Assert.Single(await SentAsync<AmendReferral>());
    }

    [Fact]
    public async Task An_invalid_amendment_file_is_rejected_with_a_report_naming_the_field()
    {
        var json = """{ "type": "amendment", "referralId": "ID", "hoursOrdered": 500, "courtDecisionDate": "2026-12-24" }""".Replace("ID", _id.ToString(), StringComparison.Ordinal);
        _host.Drop("zu-viel.json", json);

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        Assert.Equal(["zu-viel.json", "zu-viel.json.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        var report = await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "zu-viel.json.error.txt"));
        Assert.Contains(report, l => l.StartsWith("Datei zu-viel.json, Feld hoursOrdered: Stunden müssen zwischen 1 und 300 liegen.", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("Datei zu-viel.json, Feld courtDecisionDate: Das Datum der Gerichtsentscheidung liegt in der Zukunft", StringComparison.Ordinal));
        Assert.Empty(await SentAsync<AmendReferral>());
    }

    [Fact]
    public async Task An_amendment_file_for_an_unknown_referral_is_rejected()
    {
        var unknown = Guid.NewGuid();
        _host.Drop("fremd.json", AmendmentJson(unknown));

        await _host.ProcessInboxAsync();

        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "fremd.json.error.txt"));
        Assert.Contains($"Datei fremd.json, Feld referralId: Keine Zuweisung mit der Kennung {unknown}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendment_file_for_a_completed_referral_is_rejected_with_the_reason()
    {
        await _host.UpdateReferralAsync(_id, r => r.Status = ReferralStatus.Completed);
        _host.Drop("zu-spaet.json", AmendmentJson(_id));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "zu-spaet.json.error.txt"));
        Assert.Contains("Feld referralId: Die Zuweisung ist bereits beendet (Stand Completed (erledigt))", report, StringComparison.Ordinal);
        Assert.Empty(await SentAsync<AmendReferral>());
    }

    [Theory]
    [InlineData("""{ "type": "change", "referralId": "5b7c2e1a-9d34-4f6b-8a21-0c3e5f7a9b12" }""", "Feld type: Unbekannter Wert. Erlaubt: amendment, withdrawal")]
    [InlineData("""{ "type": "amendment", "referralId": "5b7c2e1a-9d34-4f6b-8a21-0c3e5f7a9b12", "hoursOrdered": 40, "courtDecisionDate": "2026-11-30", "providerId": "horizont-ev" }""", "Feld providerId: Unbekanntes Feld")]
    [InlineData("""{ "type": "withdrawal", "reasonCode": "OTHER", "effectiveDate": "2026-12-15" }""", "Feld referralId: Pflichtfeld fehlt")]
    public async Task A_change_file_of_the_wrong_shape_is_rejected(string json, string expected)
    {
        _host.Drop("form.json", json);

        await _host.ProcessInboxAsync();

        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "form.json.error.txt"));
        Assert.Contains(expected, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendments_csv_sends_the_good_rows_and_keeps_the_bad_ones_in_a_rejected_rows_file()
    {
        var second = await _host.SubmitReferralAsync("JGH-2026-0816");
        await _host.UpdateReferralAsync(second, r => r.Status = ReferralStatus.Placed);
        var csv = "referralId;hoursOrdered;deadline;courtDecisionDate\n"
            + $"{_id};60;;30.11.2026\n"
            + $"{second};;;30.11.2026\n"
            + $"{second};;2027-04-30;2026-11-30\n";
        _host.Drop("aenderungen.csv", csv);

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(2, run.ChangesSent);
        Assert.Equal(1, run.RowsRejected);
        Assert.Equal(["aenderungen.csv"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Equal(["aenderungen.rejected-rows.csv", "aenderungen.rejected-rows.csv.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        var report = await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "aenderungen.rejected-rows.csv.error.txt"));
        Assert.Contains(report, l => l.StartsWith(
            "Datei aenderungen.csv, Zeile 3 (in aenderungen.rejected-rows.csv Zeile 2), Feld hoursOrdered (Spalte hoursOrdered): Stunden (hoursOrdered) oder Frist (deadline)",
            StringComparison.Ordinal));
        var sent = (await SentAsync<AmendReferral>()).Select(m => JsonSerializer.Deserialize<AmendReferral>(m.Body)!).ToList();
        Assert.Equal([_id, second], sent.Select(m => m.ReferralId));
        Assert.Equal(new DateOnly(2027, 4, 30), sent[1].Deadline);
        Assert.Equal(new DateOnly(2027, 4, 30), (await _host.ReferralAsync(second))!.Deadline);
    }

    [Fact]
    public async Task A_withdrawals_csv_sends_each_row_and_a_rerun_sends_none_again()
    {
        var second = await _host.SubmitReferralAsync("JGH-2026-0816");
        _host.Drop("beendigungen.csv", $"REFERRALID;reasonCode;effectiveDate\n{_id};MOVED_AWAY;15.12.2026\n{second};RELEASED_BY_COURT;2026-12-01\n");
        await _host.ProcessInboxAsync();
        File.Move(Path.Combine(_host.Folders.Processed, "beendigungen.csv"), Path.Combine(_host.Folders.Inbox, "beendigungen.csv"));

        var rerun = await _host.ProcessInboxAsync();

        Assert.Equal(2, rerun.ChangesSentBefore);
        var sent = (await SentAsync<WithdrawReferral>()).Select(m => JsonSerializer.Deserialize<WithdrawReferral>(m.Body)!).ToList();
        Assert.Equal([("MOVED_AWAY", _id), ("RELEASED_BY_COURT", second)], sent.Select(m => (m.ReasonCode, m.ReferralId)));
        Assert.Equal(ReferralStatus.WithdrawalRequested, (await _host.ReferralAsync(second))!.Status);
    }

    [Fact]
    public async Task A_withdrawals_csv_with_an_unknown_reason_is_rejected_whole_naming_row_and_column()
    {
        _host.Drop("beendigung.csv", $"referralId;reasonCode;effectiveDate\n{_id};BORED;15.12.2026\n");

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "beendigung.csv.error.txt"));
        Assert.Contains("Datei beendigung.csv, Zeile 2, Feld reasonCode (Spalte reasonCode): Unbekannter Code. Erlaubt", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_header_mixing_referral_and_amendment_columns_is_explained()
    {
        _host.Drop("gemischt.csv", $"referralId;hoursOrdered;courtDecisionDate;providerId\n{_id};40;30.11.2026;horizont-ev\n");

        await _host.ProcessInboxAsync();

        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "gemischt.csv.error.txt"));
        Assert.Contains("Unbekannte Spalte 'providerId'. Erlaubt in einer Datei mit Änderungen (Kopfzeile mit courtDecisionDate): referralId, hoursOrdered, deadline, courtDecisionDate.",
            report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawals_csv_without_the_effective_date_column_names_the_missing_column()
    {
        _host.Drop("beendigung.csv", $"referralId;reasonCode\n{_id};OTHER\n");

        await _host.ProcessInboxAsync();

        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "beendigung.csv.error.txt"));
        Assert.Contains("Feld effectiveDate (Spalte effectiveDate): Pflichtspalte 'effectiveDate' fehlt in der Kopfzeile.", report, StringComparison.Ordinal);
    }

    private static string AmendmentJson(Guid id) =>
        $$"""{ "type": "amendment", "referralId": "{{id}}", "hoursOrdered": 60, "deadline": "2027-03-01", "courtDecisionDate": "2026-11-30" }""";

    private static string WithdrawalJson(Guid id) =>
        $$"""{ "type": "withdrawal", "referralId": "{{id}}", "reasonCode": "MOVED_AWAY", "effectiveDate": "2026-12-15" }""";

    private async Task<List<OutboxMessage>> SentAsync<T>() =>
        (await _host.OutboxAsync()).Where(m => m.MessageType == OutboxMessageTypes.NameOf(typeof(T))).ToList();
}
