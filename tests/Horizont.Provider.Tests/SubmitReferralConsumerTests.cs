using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Outbox;
using Horizont.Messages;
using Horizont.Provider.Consumers;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Provider.Tests;

public sealed class SubmitReferralConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 30, 0, TimeSpan.Zero);

    private ConsumerHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConsumerHarness.StartAsync(Now);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Referral_for_this_provider_opens_one_submitted_case()
    {
        var referral = Referrals.Valid();
        var messageId = NewId.NextGuid();

        await SendAsync(referral, messageId);
        await WaitUntilConsumedAsync(messageId);

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        var stored = await db.Cases.Include(c => c.History).SingleAsync();
        Assert.Equal(referral.ReferralId, stored.ReferralId);
        Assert.Equal(CaseState.Submitted, stored.State);
        Assert.Equal(Referrals.Jugendamt, stored.JugendamtId);
        Assert.Equal(Referrals.Provider, stored.ProviderId);
        Assert.Equal(referral.FileReference, stored.FileReference);
        Assert.Equal(Referrals.GivenName, stored.YoungPerson.GivenName);
        Assert.Equal(Referrals.FamilyName, stored.YoungPerson.FamilyName);
        Assert.Equal(Referrals.DateOfBirth, stored.YoungPerson.DateOfBirth);
        Assert.Equal("Ortrud Quastenberg", stored.YoungPerson.GuardianName);
        Assert.Equal(LegalBasisCodes.Jgg15, stored.LegalBasis);
        Assert.Equal(40m, stored.HoursOrdered);
        Assert.Equal(referral.Deadline, stored.Deadline);
        Assert.True(stored.ConsequencesExplained);
        Assert.Equal(referral.WorkConstraints, stored.WorkConstraints);
        Assert.Equal("Frau Sachbearbeiterin", stored.Caseworker.Name);
        Assert.Equal(Now, stored.ReceivedAt);
        Assert.Equal(referral.SubmittedAt, stored.SubmittedAt);

        var entry = Assert.Single(stored.History);
        Assert.Equal(CaseHistoryKinds.ReferralReceived, entry.Kind);
        Assert.Equal(Referrals.Jugendamt, entry.Actor);
        Assert.Equal(messageId, entry.MessageId);
        Assert.Equal(Now, entry.Time);

        var inbox = Assert.Single(await db.Set<InboxMessage>().ToListAsync());
        Assert.Equal(messageId, inbox.MessageId);
    }

    [Fact]
    public async Task Same_message_delivered_twice_opens_one_case_and_records_one_inbox_row()
    {
        var referral = Referrals.Valid();
        var messageId = NewId.NextGuid();

        await SendAsync(referral, messageId);
        await WaitUntilConsumedAsync(messageId);
        await SendAsync(referral, messageId);
        await Eventually.UntilAsync(() => _host.Logs.Lines.Any(l => l.Contains($"SubmitReferral {messageId}", StringComparison.Ordinal) && l.Contains("handled before", StringComparison.Ordinal)),
            "the redelivered message to be recognised");

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        Assert.Equal(1, await db.Cases.CountAsync());
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync());
        Assert.Equal(1, await db.CaseHistory.CountAsync());
    }

    [Fact]
    public async Task Same_referral_under_a_new_message_id_opens_no_second_case_and_is_noted_as_duplicate()
    {
        var referral = Referrals.Valid();
        var first = NewId.NextGuid();
        var second = NewId.NextGuid();

        await SendAsync(referral, first);
        await WaitUntilConsumedAsync(first);
        await SendAsync(referral with { HoursOrdered = 80m }, second);
        await WaitUntilConsumedAsync(second);

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        var stored = await db.Cases.Include(c => c.History).SingleAsync();
        Assert.Equal(40m, stored.HoursOrdered);
        Assert.Equal(CaseState.Submitted, stored.State);
        Assert.Collection(stored.History.OrderBy(h => h.Id),
            h => Assert.Equal((CaseHistoryKinds.ReferralReceived, (Guid?)first), (h.Kind, h.MessageId)),
            h => Assert.Equal((CaseHistoryKinds.DuplicateReceived, (Guid?)second), (h.Kind, h.MessageId)));
        Assert.Equal(2, await db.Set<InboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Many_referrals_at_once_each_also_under_a_second_message_id_open_one_case_each_and_note_one_duplicate_each()
    {
        // Sent together, the copies are consumed side by side: their reads share groups, both copies of a referral may
        // find it unknown, and the loser of the race is retried. Its retry must read the winner's commit, not an older
        // answer, or it fails again until the error queue.
        var referrals = Enumerable.Range(0, 24).Select(_ => Referrals.Valid()).ToList();
        var sent = referrals.SelectMany(r => new[] { (Referral: r, MessageId: NewId.NextGuid()), (Referral: r, MessageId: NewId.NextGuid()) }).ToList();

        await Task.WhenAll(sent.Select(s => SendAsync(s.Referral, s.MessageId)));
        foreach (var (_, messageId) in sent)
            await WaitUntilConsumedAsync(messageId);

        Assert.Empty(_host.Harness.Published.Select<Fault<SubmitReferral>>());
        var cases = await _host.QueryAsync(db => db.Cases.Include(c => c.History).ToListAsync());
        Assert.Equal(referrals.Select(r => r.ReferralId).Order(), cases.Select(c => c.ReferralId).Order());
        Assert.All(cases, c =>
        {
            Assert.Single(c.History, h => h.Kind == CaseHistoryKinds.ReferralReceived);
            Assert.Single(c.History, h => h.Kind == CaseHistoryKinds.DuplicateReceived);
        });
        Assert.Equal(sent.Count, await _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Referral_addressed_to_another_provider_faults_at_once_and_changes_nothing()
    {
        var referral = Referrals.Valid() with { ReceiverAgencyId = Referrals.OtherProvider };

        var messageId = NewId.NextGuid();

        await SendAsync(referral, messageId);

        var fault = await FaultOfAsync(referral.ReferralId);
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(InvalidMessageException).FullName, exception.ExceptionType);
        Assert.Contains("receiverAgencyId", exception.Message, StringComparison.Ordinal);
        Assert.Contains(Referrals.OtherProvider, exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Attempts.Of(messageId));

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseDbContext>();
        Assert.Equal(0, await db.Cases.CountAsync());
        Assert.Equal(0, await db.Set<InboxMessage>().CountAsync());
    }

    [Theory]
    [InlineData("senderAgencyId")]
    [InlineData("legalBasis")]
    [InlineData("hoursOrdered")]
    [InlineData("fileReference")]
    [InlineData("youngPerson.givenName")]
    [InlineData("youngPerson.familyName")]
    [InlineData("youngPerson.dateOfBirth")]
    [InlineData("youngPerson.guardian.name")]
    [InlineData("workConstraints")]
    [InlineData("note")]
    [InlineData("caseworker.name")]
    [InlineData("deadline")]
    public async Task Referral_breaking_the_contract_faults_naming_the_field_but_no_personal_data(string field)
    {
        var valid = Referrals.Valid();
        var referral = field switch
        {
            "senderAgencyId" => valid with { SenderAgencyId = Referrals.OtherProvider },
            "legalBasis" => valid with { LegalBasis = "STGB_59" },
            "hoursOrdered" => valid with { HoursOrdered = 0m },
            "fileReference" => valid with { FileReference = "AZ\r\nforged line" },
            "youngPerson.givenName" => valid with { YoungPerson = valid.YoungPerson! with { GivenName = "" } },
            "youngPerson.familyName" => valid with { YoungPerson = valid.YoungPerson! with { FamilyName = "Quasten\u202Egreb" } },
            // What the Jugendamt once handed over while the provider refused it: a "date of birth" of year 1.
            "youngPerson.dateOfBirth" => valid with { YoungPerson = valid.YoungPerson! with { DateOfBirth = new DateOnly(1, 1, 1) } },
            "youngPerson.guardian.name" => valid with { YoungPerson = valid.YoungPerson! with { Guardian = null } },
            "workConstraints" => valid with { WorkConstraints = ["NIGHT_SHIFTS"] },
            "note" => valid with { Note = new string('x', 501) },
            "caseworker.name" => valid with { Caseworker = valid.Caseworker! with { Name = "" } },
            "deadline" => valid with { Deadline = new DateOnly(9999, 12, 31) },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        await SendAsync(referral, NewId.NextGuid());

        var fault = await FaultOfAsync(referral.ReferralId);
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(InvalidMessageException).FullName, exception.ExceptionType);
        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
        Assert.Contains(referral.ReferralId.ToString(), exception.Message, StringComparison.Ordinal);
        AssertNoPersonalData(exception.Message);

        await using var scope = _host.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CaseDbContext>().Cases.CountAsync());
    }

    [Fact]
    public async Task Log_lines_carry_ids_but_never_the_young_persons_personal_data()
    {
        var referral = Referrals.Valid();
        var first = NewId.NextGuid();
        var invalid = Referrals.Valid() with { LegalBasis = "UNKNOWN" };

        await SendAsync(referral, first);
        await WaitUntilConsumedAsync(first);
        var duplicate = NewId.NextGuid();
        await SendAsync(referral, duplicate);
        await WaitUntilConsumedAsync(duplicate);
        await SendAsync(invalid, NewId.NextGuid());
        await FaultOfAsync(invalid.ReferralId);
        // MassTransit logs the fault (with the exception's reason) right after publishing it.
        await Eventually.UntilAsync(() => _host.Logs.Lines.Any(l => l.Contains(invalid.ReferralId.ToString(), StringComparison.Ordinal)),
            "the fault of the invalid referral in the log");

        Assert.Contains(_host.Logs.Lines, l => l.Contains(referral.ReferralId.ToString(), StringComparison.Ordinal) && l.Contains(first.ToString(), StringComparison.Ordinal));
        AssertNoPersonalData(_host.Logs.All);
    }

    [Fact]
    public async Task A_name_in_a_code_field_is_not_repeated_in_the_fault_operations_read()
    {
        var invalid = Referrals.Valid() with { LegalBasis = $"{Referrals.GivenName} {Referrals.FamilyName}" };

        await SendAsync(invalid, NewId.NextGuid());
        var fault = await FaultOfAsync(invalid.ReferralId);

        var reason = Assert.Single(fault.Exceptions).Message;
        Assert.Contains("legalBasis (a value that is not shown", reason, StringComparison.Ordinal);
        AssertNoPersonalData(reason);
    }

    [Fact]
    public async Task Refused_referral_is_answered_to_the_jugendamt_naming_the_field_once_however_often_it_is_replayed()
    {
        var refused = Referrals.Valid() with { YoungPerson = Referrals.Valid().YoungPerson! with { DateOfBirth = new DateOnly(1, 1, 1) } };
        var messageId = NewId.NextGuid();

        await SendAsync(refused, messageId);
        await FaultOfAsync(refused.ReferralId);
        await SendAsync(refused, messageId); // operations replays it unchanged
        await Eventually.UntilAsync(() => _host.Harness.Published.Select<Fault<SubmitReferral>>().Count() >= 2, "the replay to fault too");

        var rows = await _host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal(Referrals.Jugendamt, row.DestinationAgencyId);
        var answer = System.Text.Json.JsonSerializer.Deserialize<ReferralRefused>(row.Body)!;
        Assert.Equal((refused.ReferralId, Referrals.Provider, Referrals.Jugendamt), (answer.ReferralId, answer.SenderAgencyId, answer.ReceiverAgencyId));
        Assert.Equal((nameof(SubmitReferral), messageId, RefusalReasonCodes.InvalidContent), (answer.RefusedMessageType, answer.RefusedMessageId, answer.ReasonCode));
        Assert.Equal(["youngPerson.dateOfBirth"], answer.Fields);
        AssertNoPersonalData(answer.Reason);
        AssertNoPersonalData(row.Body);
        Assert.Equal(0, await _host.QueryAsync(db => db.Cases.CountAsync()));
    }

    [Fact]
    public async Task Referral_addressed_to_another_provider_is_answered_as_a_wrong_receiver()
    {
        var referral = Referrals.Valid() with { ReceiverAgencyId = Referrals.OtherProvider };

        await SendAsync(referral, NewId.NextGuid());
        await FaultOfAsync(referral.ReferralId);

        var row = await Eventually.GetAsync(
            () => _host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync()), "the refusal in the outbox");
        var answer = System.Text.Json.JsonSerializer.Deserialize<ReferralRefused>(row.Body)!;
        Assert.Equal((RefusalReasonCodes.WrongReceiver, Referrals.Jugendamt), (answer.ReasonCode, answer.ReceiverAgencyId));
        Assert.Equal(["receiverAgencyId"], answer.Fields);
    }

    [Fact]
    public async Task Referral_sealed_with_a_key_unknown_here_waits_in_the_error_queue_unanswered_naming_key_and_pair()
    {
        // The Jugendamt rotated to a key whose file has not reached this provider yet.
        var senderKeys = new PartnerKeyRing(Path.Combine(Path.GetTempPath(), "horizont-sender-keys-" + Guid.NewGuid().ToString("N")[..8]));
        var key = senderKeys.Create(Referrals.Jugendamt, Referrals.Provider, Now.AddDays(1));
        var sender = new FieldSealer(senderKeys, _host.Services.GetRequiredService<IOptionsMonitor<SealingOptions>>());
        var referral = (SubmitReferral)sender.Seal(Referrals.Valid());
        Directory.Delete(senderKeys.Directory, recursive: true);

        await _host.SendAsIsAsync(referral, NewId.NextGuid());
        var fault = await FaultOfAsync(referral.ReferralId);

        var reason = Assert.Single(fault.Exceptions).Message;
        Assert.Contains(key.Id, reason, StringComparison.Ordinal);
        Assert.Contains(PartnerKeyRing.PairOf(Referrals.Jugendamt, Referrals.Provider), reason, StringComparison.Ordinal);
        Assert.Contains("replay", reason, StringComparison.Ordinal);
        Assert.Equal(0, await _host.QueryAsync(db => db.Cases.CountAsync()));
        // Not the Jugendamt's fault to fix: no refusal goes back.
        Assert.Equal(0, await _host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Referral_with_personal_fields_in_clear_is_refused_and_answered_naming_the_fields()
    {
        var referral = Referrals.Valid();

        await _host.SendAsIsAsync(referral, NewId.NextGuid());
        await FaultOfAsync(referral.ReferralId);

        var row = await Eventually.GetAsync(
            () => _host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync()), "the refusal in the outbox");
        var answer = System.Text.Json.JsonSerializer.Deserialize<ReferralRefused>(row.Body)!;
        Assert.Equal(RefusalReasonCodes.InvalidContent, answer.ReasonCode);
        Assert.Equal(["fileReference", "youngPerson", "caseworker", "note"], answer.Fields);
        AssertNoPersonalData(answer.Reason);
        Assert.Equal(0, await _host.QueryAsync(db => db.Cases.CountAsync()));
    }

    private static void AssertNoPersonalData(string text)
    {
        Assert.DoesNotContain(Referrals.GivenName, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Referrals.FamilyName, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Referrals.Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain("2009-04-17", text, StringComparison.Ordinal);
        Assert.DoesNotContain("17.04.2009", text, StringComparison.Ordinal);
    }

    private Task SendAsync(SubmitReferral referral, Guid messageId) =>
        _host.SendAsync<SubmitReferralConsumer, SubmitReferral>(referral, messageId);

    private Task WaitUntilConsumedAsync(Guid messageId) =>
        _host.WaitUntilConsumedAsync<SubmitReferralConsumer, SubmitReferral>(messageId);

    private Task<Fault<SubmitReferral>> FaultOfAsync(Guid referralId) =>
        _host.FaultOfAsync<SubmitReferral>(m => m.ReferralId == referralId);
}
