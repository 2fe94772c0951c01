using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Messages;
using Horizont.Provider.Consumers;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Tests;

public sealed class AmendAndWithdrawConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 11, 9, 30, 0, TimeSpan.Zero);

    private ConsumerHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConsumerHarness.StartAsync(Now);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Amendment_lowering_the_hours_makes_a_case_in_progress_completable_and_is_recorded_with_the_court_decision()
    {
        var @case = Cases.InState(CaseState.InProgress, Now); // 10 of 40 hours
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();

        await AmendAsync(Referrals.Amendment(@case.ReferralId, hoursOrdered: 10m), messageId);

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal((CaseState.InProgress, 10m), (stored.State, stored.HoursOrdered));
        Assert.True(stored.CanComplete);
        Assert.Equal(Referrals.CourtDecisionDate, stored.LastCourtDecisionDate);
        var entry = stored.History.OrderBy(h => h.Id).Last();
        Assert.Equal((CaseHistoryKinds.AmendmentReceived, Referrals.Jugendamt, (Guid?)messageId), (entry.Kind, entry.Actor, entry.MessageId));
        Assert.Contains("Gerichtsentscheidung vom 10.12.2026", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("Stunden 40 → 10", entry.Detail, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync()); // an amendment is not answered
    }

    [Theory]
    [InlineData(CaseState.InProgress, CaseState.InProgress)]
    [InlineData(CaseState.Placed, CaseState.Placed)]
    [InlineData(CaseState.IntakeHeld, CaseState.IntakeHeld)]
    [InlineData(CaseState.IntakeMissed, CaseState.Accepted)]
    public async Task Amendment_after_a_non_compliance_report_resumes_where_the_work_stood(CaseState reportedFrom, CaseState resumed)
    {
        var @case = Cases.InState(reportedFrom, Now);
        @case.ReportNonCompliance(Now, Cases.Staff, NonComplianceReasonCodes.Unreachable, [], null);
        await _host.SeedAsync(@case);

        await AmendAsync(Referrals.Amendment(@case.ReferralId, deadline: new DateOnly(2027, 4, 1)), NewId.NextGuid());

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal((resumed, new DateOnly(2027, 4, 1)), (stored.State, stored.Deadline));
        Assert.Contains($"Fall wieder „{Case.StateLabel(resumed)}“", stored.History.OrderBy(h => h.Id).Last().Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CaseState.Completed)]
    [InlineData(CaseState.Declined)]
    [InlineData(CaseState.Withdrawn)]
    public async Task Amendment_of_an_ended_case_is_recorded_but_not_applied(CaseState ended)
    {
        var @case = Cases.InState(ended, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();

        await AmendAsync(Referrals.Amendment(@case.ReferralId, hoursOrdered: 20m), messageId);

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal((ended, 40m), (stored.State, stored.HoursOrdered));
        var entry = stored.History.OrderBy(h => h.Id).Last();
        Assert.Equal((CaseHistoryKinds.AmendmentReceived, (Guid?)messageId), (entry.Kind, entry.MessageId));
        Assert.Contains("nicht angewendet", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
        Assert.Contains(_host.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(messageId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Same_amendment_delivered_twice_is_applied_once()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();
        var amendment = Referrals.Amendment(@case.ReferralId, hoursOrdered: 30m);

        await AmendAsync(amendment, messageId);
        await AmendAsync(amendment, messageId);
        await SecondDeliveryIgnoredAsync(nameof(AmendReferral), messageId);

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal(30m, stored.HoursOrdered);
        Assert.Equal([CaseHistoryKinds.AmendmentReceived], stored.History.Where(h => h.MessageId == messageId).Select(h => h.Kind));
        Assert.Equal(1, await _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Withdrawal_ends_a_running_case_and_is_acknowledged_as_withdrawn()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();

        await WithdrawAsync(Referrals.Withdrawal(@case.ReferralId, WithdrawalReasonCodes.ReleasedByCourt), messageId);

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal((CaseState.Withdrawn, WithdrawalReasonCodes.ReleasedByCourt), (stored.State, stored.WithdrawalReasonCode));
        Assert.Empty(stored.Flags);
        var (row, ack) = Assert.Single(await AcknowledgementsAsync());
        Assert.Equal((Referrals.Jugendamt, (Guid?)@case.ReferralId), (row.DestinationAgencyId, row.ReferralId));
        Assert.Equal((WithdrawalOutcomeCodes.Withdrawn, "Withdrawn"), (ack.Outcome, ack.CaseState));
        Assert.Equal((Referrals.Provider, Referrals.Jugendamt, new DateOnly(2026, 12, 15)), (ack.SenderAgencyId, ack.ReceiverAgencyId, ack.EffectiveDate));
        var history = stored.History.OrderBy(h => h.Id).TakeLast(2).ToList();
        Assert.Equal((CaseHistoryKinds.WithdrawalReceived, Referrals.Jugendamt, (Guid?)messageId), (history[0].Kind, history[0].Actor, history[0].MessageId));
        Assert.Equal((CaseHistoryKinds.MessageSent, (Guid?)row.MessageId), (history[1].Kind, history[1].MessageId));
    }

    [Fact]
    public async Task Withdrawal_crossing_a_completion_leaves_the_case_completed_and_is_acknowledged_as_already_completed()
    {
        var @case = Cases.InState(CaseState.Completed, Now);
        await _host.SeedAsync(@case);

        await WithdrawAsync(Referrals.Withdrawal(@case.ReferralId), NewId.NextGuid());

        var stored = await _host.CaseAsync(@case.ReferralId);
        Assert.Equal(CaseState.Completed, stored.State);
        Assert.Null(stored.WithdrawalReasonCode);
        var (_, ack) = Assert.Single(await AcknowledgementsAsync());
        Assert.Equal((WithdrawalOutcomeCodes.AlreadyCompleted, "Completed"), (ack.Outcome, ack.CaseState));
        Assert.Contains(stored.History, h => h.Kind == CaseHistoryKinds.WithdrawalReceived && h.Detail.Contains("bleibt erledigt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(CaseState.Declined)]
    [InlineData(CaseState.Withdrawn)]
    public async Task Withdrawal_of_a_case_that_already_ended_is_acknowledged_as_already_ended(CaseState ended)
    {
        var @case = Cases.InState(ended, Now);
        await _host.SeedAsync(@case);

        await WithdrawAsync(Referrals.Withdrawal(@case.ReferralId), NewId.NextGuid());

        Assert.Equal(ended, (await _host.CaseAsync(@case.ReferralId)).State);
        var (_, ack) = Assert.Single(await AcknowledgementsAsync());
        Assert.Equal((WithdrawalOutcomeCodes.AlreadyEnded, ended.ToString()), (ack.Outcome, ack.CaseState));
    }

    [Fact]
    public async Task Same_withdrawal_delivered_twice_is_acknowledged_once()
    {
        var @case = Cases.InState(CaseState.Placed, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();
        var withdrawal = Referrals.Withdrawal(@case.ReferralId);

        await WithdrawAsync(withdrawal, messageId);
        await WithdrawAsync(withdrawal, messageId);
        await SecondDeliveryIgnoredAsync(nameof(WithdrawReferral), messageId);

        var (_, ack) = Assert.Single(await AcknowledgementsAsync());
        Assert.Equal(WithdrawalOutcomeCodes.Withdrawn, ack.Outcome);
        Assert.Single((await _host.CaseAsync(@case.ReferralId)).History, h => h.Kind == CaseHistoryKinds.WithdrawalReceived);
    }

    [Theory]
    [InlineData(nameof(AmendReferral), Referrals.OtherJugendamt, "senderAgencyId")]
    [InlineData(nameof(AmendReferral), Referrals.OtherProvider, "senderAgencyId")]
    [InlineData(nameof(WithdrawReferral), Referrals.OtherJugendamt, "senderAgencyId")]
    [InlineData(nameof(WithdrawReferral), Referrals.OtherProvider, "senderAgencyId")]
    public async Task Command_from_anyone_but_the_referring_jugendamt_faults_at_once_and_changes_nothing(string messageType, string sender, string field)
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();

        var exception = messageType == nameof(AmendReferral)
            ? await AmendFaultAsync(Referrals.Amendment(@case.ReferralId, hoursOrdered: 20m) with { SenderAgencyId = sender }, messageId)
            : await WithdrawFaultAsync(Referrals.Withdrawal(@case.ReferralId) with { SenderAgencyId = sender }, messageId);

        Assert.Equal(typeof(InvalidMessageException).FullName, exception.ExceptionType);
        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
        Assert.Contains(sender, exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Attempts.Of(messageId));
        await AssertUnchangedAsync(@case);
    }

    [Fact]
    public async Task Command_addressed_to_another_provider_faults_at_once_and_changes_nothing()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);
        var messageId = NewId.NextGuid();

        var exception = await WithdrawFaultAsync(Referrals.Withdrawal(@case.ReferralId) with { ReceiverAgencyId = Referrals.OtherProvider }, messageId);

        Assert.Contains("receiverAgencyId", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Attempts.Of(messageId));
        await AssertUnchangedAsync(@case);
    }

    [Fact]
    public async Task Command_for_an_unknown_referral_is_retried_then_faults_without_effect()
    {
        // Retried, because a withdrawal right behind its referral can overtake the referral's commit.
        var unknown = Guid.NewGuid();
        var amendId = NewId.NextGuid();
        var withdrawId = NewId.NextGuid();

        var amend = await AmendFaultAsync(Referrals.Amendment(unknown, hoursOrdered: 20m), amendId);
        var withdraw = await WithdrawFaultAsync(Referrals.Withdrawal(unknown), withdrawId);

        Assert.All([amend, withdraw], e =>
        {
            Assert.Equal(typeof(UnknownReferralException).FullName, e.ExceptionType);
            Assert.Contains(unknown.ToString(), e.Message, StringComparison.Ordinal);
            Assert.Contains("not (yet) a case of this provider", e.Message, StringComparison.Ordinal);
        });
        Assert.Equal((1 + ConsumerHarness.ImmediateRetries, 1 + ConsumerHarness.ImmediateRetries), (_host.Attempts.Of(amendId), _host.Attempts.Of(withdrawId)));
        Assert.Empty(await OutboxAsync());
    }

    [Theory]
    [InlineData(null, null, "neither hoursOrdered nor deadline")]
    [InlineData(0, null, "hoursOrdered must be between 1 and 300")]
    [InlineData(301, null, "hoursOrdered must be between 1 and 300")]
    [InlineData(null, "0001-01-01", "deadline is missing")]
    [InlineData(null, "9999-12-31", "deadline is after")]
    public async Task Amendment_breaking_the_contract_faults_naming_the_field(int? hours, string? deadline, string expected)
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);
        var amendment = Referrals.Amendment(@case.ReferralId, hours, deadline is null ? null : DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture));

        var exception = await AmendFaultAsync(amendment, NewId.NextGuid());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(@case);
    }

    [Fact]
    public async Task Withdrawal_with_an_unknown_reason_faults_listing_the_codes()
    {
        var @case = Cases.InState(CaseState.InProgress, Now);
        await _host.SeedAsync(@case);

        var exception = await WithdrawFaultAsync(Referrals.Withdrawal(@case.ReferralId, "BORED"), NewId.NextGuid());

        Assert.Contains("reasonCode 'BORED'", exception.Message, StringComparison.Ordinal);
        Assert.All(WithdrawalReasonCodes.All, code => Assert.Contains(code, exception.Message, StringComparison.Ordinal));
        await AssertUnchangedAsync(@case);
    }

    /// <summary>The receive pipeline recognised the second delivery of <paramref name="messageId"/> (it logs it, the case's history does not change).</summary>
    private Task SecondDeliveryIgnoredAsync(string messageType, Guid messageId) =>
        Eventually.UntilAsync(() => _host.Logs.Lines.Any(l => l.Contains($"{messageType} {messageId}", StringComparison.Ordinal) && l.Contains("handled before", StringComparison.Ordinal)),
            "the second delivery to be recognised as handled before");

    private Task AmendAsync(AmendReferral amendment, Guid messageId) =>
        _host.SendAndWaitAsync<AmendReferralConsumer, AmendReferral>(amendment, messageId);

    private Task WithdrawAsync(WithdrawReferral withdrawal, Guid messageId) =>
        _host.SendAndWaitAsync<WithdrawReferralConsumer, WithdrawReferral>(withdrawal, messageId);

    private async Task<ExceptionInfo> AmendFaultAsync(AmendReferral amendment, Guid messageId)
    {
        await _host.SendAsync<AmendReferralConsumer, AmendReferral>(amendment, messageId);
        return Assert.Single((await _host.FaultOfAsync<AmendReferral>(m => m.ReferralId == amendment.ReferralId)).Exceptions);
    }

    private async Task<ExceptionInfo> WithdrawFaultAsync(WithdrawReferral withdrawal, Guid messageId)
    {
        await _host.SendAsync<WithdrawReferralConsumer, WithdrawReferral>(withdrawal, messageId);
        return Assert.Single((await _host.FaultOfAsync<WithdrawReferral>(m => m.ReferralId == withdrawal.ReferralId)).Exceptions);
    }

    private Task<List<OutboxMessage>> OutboxAsync() =>
        _host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync());

    private async Task<List<(OutboxMessage Row, ReferralWithdrawalAcknowledged Ack)>> AcknowledgementsAsync() =>
        [.. (await OutboxAsync())
            .Where(r => r.MessageType == OutboxMessageTypes.NameOf(typeof(ReferralWithdrawalAcknowledged)))
            .Select(r => (r, JsonSerializer.Deserialize<ReferralWithdrawalAcknowledged>(r.Body)!))];

    /// <summary>The stored case is as seeded: same state, version and history; no inbox row, nothing sent but a refusal notice.</summary>
    private async Task AssertUnchangedAsync(Case seeded)
    {
        var stored = await _host.CaseAsync(seeded.ReferralId);
        Assert.Equal((seeded.State, seeded.Version, seeded.HoursOrdered, seeded.History.Count), (stored.State, stored.Version, stored.HoursOrdered, stored.History.Count));
        Assert.Equal(0, await _host.QueryAsync(db => db.Set<InboxMessage>().CountAsync()));
        Assert.All(await OutboxAsync(), row => Assert.Contains(nameof(ReferralRefused), row.MessageType, StringComparison.Ordinal));
    }
}
