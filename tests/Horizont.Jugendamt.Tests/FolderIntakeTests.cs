using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Jugendamt.Tests;

public sealed class FolderIntakeTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_folders_are_created_under_the_data_directory_at_start()
    {
        var root = Path.Combine(_host.DataDirectory, "jugendamt");

        Assert.Equal(Path.Combine(root, "inbox"), _host.Folders.Inbox);
        Assert.True(Directory.Exists(Path.Combine(root, "inbox")));
        Assert.True(Directory.Exists(Path.Combine(root, "processed")));
        Assert.True(Directory.Exists(Path.Combine(root, "rejected")));
        Assert.True(Directory.Exists(Path.Combine(root, "export")));
    }

    [Fact]
    public async Task A_good_json_file_moves_to_processed_and_queues_one_SubmitReferral_for_horizont_ev()
    {
        _host.Drop("zuweisung-0815.json", TestReferrals.Bytes(TestReferrals.Json()));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.HandedOver);
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Inbox));
        Assert.Equal(["zuweisung-0815.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Rejected));

        var outbox = Assert.Single(await _host.OutboxAsync());
        Assert.Equal("horizont-ev", outbox.DestinationAgencyId);
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(SubmitReferral)), outbox.MessageType);
        var sent = JsonSerializer.Deserialize<SubmitReferral>(outbox.Body)!;
        Assert.Equal("JGH-2026-0815", sent.FileReference);
        Assert.Equal(outbox.ReferralId, sent.ReferralId);

        var referral = await _host.ReferralAsync(sent.ReferralId);
        Assert.Equal(ReferralStatus.Submitted, referral!.Status);
        var history = Assert.Single(await _host.HistoryAsync(sent.ReferralId));
        Assert.Equal("SubmitReferral", history.Kind);
        Assert.Equal(outbox.MessageId, history.MessageId);
        Assert.Contains("zuweisung-0815.json", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_moves_to_rejected_with_an_error_report_naming_file_and_field()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = TestReferrals.MinorBirthDate;
        json["hoursOrdered"] = 500;
        _host.Drop("minderjaehrig.json", TestReferrals.Bytes(json));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Inbox));
        Assert.Equal(["minderjaehrig.json", "minderjaehrig.json.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        var report = await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "minderjaehrig.json.error.txt"));
        Assert.Contains(report, l => l.StartsWith("Datei minderjaehrig.json, Feld youngPerson.guardian: ", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("Datei minderjaehrig.json, Feld hoursOrdered: ", StringComparison.Ordinal));
        Assert.DoesNotContain(report, l => l.Contains(TestReferrals.FamilyName, StringComparison.Ordinal));
        Assert.Empty(await _host.OutboxAsync());
    }

    [Fact]
    public async Task Malformed_json_is_rejected_with_line_and_position()
    {
        _host.Drop("kaputt.json", "{ \"jugendamtId\": ");

        await _host.ProcessInboxAsync();

        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "kaputt.json.error.txt"));
        Assert.Contains("Datei kaputt.json: Kein gültiges JSON (Zeile 1, Position", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_rejected()
    {
        _host.Drop("leer.csv", "");

        await _host.ProcessInboxAsync();

        Assert.Equal(["leer.csv", "leer.csv.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
    }

    [Fact]
    public async Task Other_file_types_are_rejected_with_a_reason()
    {
        _host.Drop("zuweisung.xlsx", [1, 2, 3]);

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "zuweisung.xlsx.error.txt"));
        Assert.Contains(".json oder .csv", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_and_unfinished_files_are_left_alone()
    {
        foreach (var name in new[] { ".zuweisung.json", "zuweisung.json.tmp", "zuweisung.csv.part" })
            await File.WriteAllBytesAsync(Path.Combine(_host.Folders.Inbox, name), TestReferrals.Bytes(TestReferrals.Json()));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(new(0, 0, 0, 0, 0, 0), run);
        Assert.Equal(3, JugendamtHost.FilesIn(_host.Folders.Inbox).Length);
        Assert.Empty(await _host.OutboxAsync());
    }

    [Fact]
    public async Task A_mixed_csv_hands_over_the_good_rows_and_keeps_the_bad_ones_in_a_rejected_rows_file()
    {
        var minorWithoutGuardian = TestReferrals.CsvRow("JGH-2");
        minorWithoutGuardian["dateOfBirth"] = "02.05.2010";
        var unknownProvider = TestReferrals.CsvRow("JGH-4");
        unknownProvider["providerId"] = "sonnenschein-ev";
        var csv = TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), minorWithoutGuardian, TestReferrals.CsvRow("JGH-3"), unknownProvider);
        _host.Drop("export-montag.csv", csv);

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(2, run.HandedOver);
        Assert.Equal(2, run.RowsRejected);
        Assert.Equal(["export-montag.csv"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Equal(["export-montag.rejected-rows.csv", "export-montag.rejected-rows.csv.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));

        var outbox = await _host.OutboxAsync();
        Assert.Equal(["JGH-1", "JGH-3"], outbox.Select(m => JsonSerializer.Deserialize<SubmitReferral>(m.Body)!.FileReference));

        var rejectedRows = (await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "export-montag.rejected-rows.csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var original = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The same cells, spreadsheet-safe: a phone number starting with + gets a leading ' (the reader takes it off again).
        Assert.Equal([original[0], original[2], original[4]], rejectedRows.Select(r => r.Replace(";'+49", ";+49", StringComparison.Ordinal)));
        Assert.Contains(";'+49 3631 123456;", rejectedRows[1], StringComparison.Ordinal);

        var report = await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "export-montag.rejected-rows.csv.error.txt"));
        Assert.Contains(report, l => l.StartsWith(
            "Datei export-montag.csv, Zeile 3 (in export-montag.rejected-rows.csv Zeile 2), Feld youngPerson.guardian (Spalten guardianName, guardianPhone): ",
            StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith(
            "Datei export-montag.csv, Zeile 5 (in export-montag.rejected-rows.csv Zeile 3), Feld providerId (Spalte providerId): ",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_larger_than_one_handover_batch_judges_every_row_as_one_row_at_a_time_would()
    {
        // More rows than one commit takes, with a repeat and a conflict reaching back across the batch boundary and a bad row inside a batch.
        var total = IntakeProcessor.HandoverBatchSize + 40;
        var rows = Enumerable.Range(1, total).Select(n => TestReferrals.CsvRow($"JGH-B-{n}")).ToList();
        rows[10]["referralId"] = "6b1f3a52-0c7e-4d8a-9f21-3e4b5c6d7e8f";
        rows[IntakeProcessor.HandoverBatchSize + 5] = new Dictionary<string, string>(rows[3]); // the same referral again: sent once
        var conflict = new Dictionary<string, string>(rows[10]) { ["hoursOrdered"] = "60" }; // the same id, other content: refused
        rows[IntakeProcessor.HandoverBatchSize + 10] = conflict;
        rows[200]["legalBasis"] = "X";
        _host.Drop("gross.csv", TestReferrals.Csv([.. rows]));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(total - 3, run.HandedOver);
        Assert.Equal(1, run.AlreadyHandedOver);
        Assert.Equal(2, run.RowsRejected);
        var outbox = await _host.OutboxAsync();
        Assert.Equal(total - 3, outbox.Count);
        Assert.Equal(total - 3, await _host.Ledger(db => db.Referrals.CountAsync()));
        Assert.Equal(total - 3, (await _host.AuditAsync()).Count(a => a.Action == "referral.submit"));
        var repeated = outbox.Single(m => JsonSerializer.Deserialize<SubmitReferral>(m.Body)!.FileReference == "JGH-B-4").ReferralId!.Value;
        Assert.Equal(["SubmitReferral", "HandoverRepeated"], (await _host.HistoryAsync(repeated)).Select(h => h.Kind));
        Assert.Equal(["SubmitReferral", "HandoverRefused"], (await _host.HistoryAsync(Guid.Parse("6b1f3a52-0c7e-4d8a-9f21-3e4b5c6d7e8f"))).Select(h => h.Kind));

        var report = await File.ReadAllLinesAsync(Path.Combine(_host.Folders.Rejected, "gross.rejected-rows.csv.error.txt"));
        var rowNumbers = report.Where(l => l.StartsWith("Datei gross.csv, Zeile ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([202, IntakeProcessor.HandoverBatchSize + 12], rowNumbers.Distinct());
        Assert.Contains(report, l => l.Contains("Feld referralId", StringComparison.Ordinal) && l.Contains("Änderungsmitteilung", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrected_rejected_rows_file_dropped_again_hands_over_only_the_corrected_rows()
    {
        var bad = TestReferrals.CsvRow("JGH-2");
        bad["dateOfBirth"] = "02.05.2010";
        _host.Drop("liste.csv", TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), bad));
        await _host.ProcessInboxAsync();

        var rowsFile = Path.Combine(_host.Folders.Rejected, "liste.rejected-rows.csv");
        var corrected = (await File.ReadAllTextAsync(rowsFile)).Replace(";;;SCHOOL_HOURS", ";Maria Beispielfrau;+49 3631 654321;SCHOOL_HOURS", StringComparison.Ordinal);
        _host.Drop("liste.rejected-rows.csv", corrected);
        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.HandedOver);
        Assert.Equal(0, run.AlreadyHandedOver);
        Assert.Equal(["JGH-1", "JGH-2"], (await _host.OutboxAsync()).Select(m => JsonSerializer.Deserialize<SubmitReferral>(m.Body)!.FileReference));
    }

    [Fact]
    public async Task A_csv_whose_rows_are_all_bad_is_rejected_whole()
    {
        var bad = TestReferrals.CsvRow();
        bad["legalBasis"] = "X";
        _host.Drop("alles-falsch.csv", TestReferrals.Csv(bad));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        Assert.Equal(["alles-falsch.csv", "alles-falsch.csv.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "alles-falsch.csv.error.txt"));
        Assert.Contains("Datei alles-falsch.csv, Zeile 2, Feld legalBasis (Spalte legalBasis): Unbekannter Code. Erlaubt: JGG_10", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_already_recorded_but_never_moved_is_moved_without_a_second_send()
    {
        // The crash-halfway case: the referrals were recorded (and queued), then the process died before the move.
        _host.Drop("zuweisungen.csv", TestReferrals.Csv(TestReferrals.CsvRow("JGH-1"), TestReferrals.CsvRow("JGH-2")));
        await _host.ProcessInboxAsync();
        File.Move(Path.Combine(_host.Folders.Processed, "zuweisungen.csv"), Path.Combine(_host.Folders.Inbox, "zuweisungen.csv"));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(0, run.HandedOver);
        Assert.Equal(2, run.AlreadyHandedOver);
        Assert.Equal(["zuweisungen.csv"], JugendamtHost.FilesIn(_host.Folders.Processed));
        Assert.Empty(JugendamtHost.FilesIn(_host.Folders.Inbox));
        Assert.Equal(2, (await _host.OutboxAsync()).Count);
        Assert.Equal(2, await _host.Ledger(db => db.Referrals.CountAsync()));
    }

    [Fact]
    public async Task The_same_file_dropped_twice_is_sent_once_and_both_copies_are_kept()
    {
        var content = TestReferrals.Bytes(TestReferrals.Json());
        _host.Drop("zuweisung.json", content);
        await _host.ProcessInboxAsync();
        _host.Drop("zuweisung.json", content);

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.AlreadyHandedOver);
        Assert.Equal(["zuweisung.json", "zuweisung_20261201T100000.json"], JugendamtHost.FilesIn(_host.Folders.Processed));
        var outbox = Assert.Single(await _host.OutboxAsync());
        var history = await _host.HistoryAsync(outbox.ReferralId!.Value);
        Assert.Equal(["SubmitReferral", "HandoverRepeated"], history.Select(h => h.Kind));
    }

    [Fact]
    public async Task The_same_referral_id_with_other_content_is_rejected_with_a_hint_to_amend()
    {
        var json = TestReferrals.Json();
        json["referralId"] = "6b1f3a52-0c7e-4d8a-9f21-3e4b5c6d7e8f";
        _host.Drop("erst.json", TestReferrals.Bytes(json));
        await _host.ProcessInboxAsync();
        json["hoursOrdered"] = 60;
        _host.Drop("geaendert.json", TestReferrals.Bytes(json));

        var run = await _host.ProcessInboxAsync();

        Assert.Equal(1, run.FilesRejected);
        var report = await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "geaendert.json.error.txt"));
        Assert.Contains("Datei geaendert.json, Feld referralId: ", report, StringComparison.Ordinal);
        Assert.Contains("Änderungsmitteilung", report, StringComparison.Ordinal);
        Assert.Single(await _host.OutboxAsync());
    }

    [Fact]
    public async Task A_second_file_with_the_name_of_a_rejected_one_gets_a_time_stamp_and_nothing_is_overwritten()
    {
        _host.Drop("x.json", "{");
        await _host.ProcessInboxAsync();
        _host.Drop("x.json", "[");

        await _host.ProcessInboxAsync();

        Assert.Equal(["x.json", "x.json.error.txt", "x_20261201T100000.json", "x_20261201T100000.json.error.txt"], JugendamtHost.FilesIn(_host.Folders.Rejected));
        Assert.Equal("{", await File.ReadAllTextAsync(Path.Combine(_host.Folders.Rejected, "x.json")));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_stays_in_the_inbox_and_is_tried_again()
    {
        var path = _host.Drop("zuweisung.json", TestReferrals.Bytes(TestReferrals.Json()));
        IntakeRun failed;
        await using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            failed = await _host.ProcessInboxAsync();

        Assert.Equal(1, failed.FilesFailed);
        Assert.Equal(["zuweisung.json"], JugendamtHost.FilesIn(_host.Folders.Inbox));
        Assert.Empty(await _host.OutboxAsync());

        var retried = await _host.ProcessInboxAsync();

        Assert.Equal(1, retried.FilesProcessed);
        Assert.Equal(1, retried.HandedOver);
        Assert.Single(await _host.OutboxAsync());
    }

    [Fact]
    public async Task The_background_service_reads_the_inbox_every_poll_interval()
    {
        _host.Drop("zuweisung.json", TestReferrals.Bytes(TestReferrals.Json()));

        await Eventually.True(() =>
        {
            _host.Time.Advance(TimeSpan.FromSeconds(2));
            return File.Exists(Path.Combine(_host.Folders.Processed, "zuweisung.json"));
        }, "the polled file to reach processed/");

        Assert.Single(await _host.OutboxAsync());
    }
}

/// <summary>The dispatcher sends each referral to the named provider's own queue, and to no other.</summary>
public sealed class HandoverAddressingTests : IAsyncLifetime
{
    private readonly Received _received = new();
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync(builder =>
    {
        builder.Services.AddSingleton(_received);
        // This process stands in for both providers' processes: it serves their queues, so the outbox sends to them
        // instead of holding the messages as it does for a partner nobody serves in memory.
        builder.Services.AddSingleton<IAgencyInbox>(new ServedQueue("horizont-ev"));
        builder.Services.AddSingleton<IAgencyInbox>(new ServedQueue("brueckenbau-ev"));
        builder.Services.AddHorizontConsumers(x =>
        {
            x.AddConsumer<HorizontEvQueue>().Endpoint(e => e.Name = "horizont-ev");
            x.AddConsumer<BrueckenbauEvQueue>().Endpoint(e => e.Name = "brueckenbau-ev");
        });
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_referral_reaches_only_the_queue_of_its_provider()
    {
        var forBrueckenbau = TestReferrals.CsvRow("JGH-B");
        forBrueckenbau["providerId"] = "brueckenbau-ev";
        _host.Drop("zwei.csv", TestReferrals.Csv(TestReferrals.CsvRow("JGH-H"), forBrueckenbau));

        await _host.ProcessInboxAsync();

        await Eventually.True(() => _received.Count == 2, "both referrals delivered");
        Assert.Equal(["JGH-H"], _received.At("horizont-ev"));
        Assert.Equal(["JGH-B"], _received.At("brueckenbau-ev"));
        await Eventually.Until(_host.OutboxAsync, rows => rows.All(m => m.SentAt is not null), "both outbox rows marked sent");
    }

    /// <summary>A queue served by a plain test consumer, without the receive pipeline of a real agency inbox.</summary>
    private sealed class ServedQueue(string queue) : IAgencyInbox
    {
        public string Queue => queue;

        public void AddPipeline(IRegistrationContext context, IReceiveEndpointConfigurator endpoint)
        {
        }
    }

    public sealed class Received
    {
        private readonly List<(string Queue, string FileReference)> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                    return _items.Count;
            }
        }

        public void Add(string queue, string fileReference)
        {
            lock (_items)
                _items.Add((queue, fileReference));
        }

        public string[] At(string queue)
        {
            lock (_items)
                return _items.Where(i => i.Queue == queue).Select(i => i.FileReference).ToArray();
        }
    }

    public sealed class HorizontEvQueue(Received received, FieldSealer sealer) : IConsumer<SubmitReferral>
    {
        public Task Consume(ConsumeContext<SubmitReferral> context)
        {
            received.Add("horizont-ev", sealer.Open(context.Message).FileReference!);
            return Task.CompletedTask;
        }
    }

    public sealed class BrueckenbauEvQueue(Received received, FieldSealer sealer) : IConsumer<SubmitReferral>
    {
        public Task Consume(ConsumeContext<SubmitReferral> context)
        {
            received.Add("brueckenbau-ev", sealer.Open(context.Message).FileReference!);
            return Task.CompletedTask;
        }
    }
}
