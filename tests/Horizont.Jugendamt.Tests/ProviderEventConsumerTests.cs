using System.Text.Json.Nodes;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Tests;

/// <summary>Every event from the provider moves the ledger by its own rule, is exported once, and a late one never moves it back.</summary>
public sealed class ProviderEventConsumerTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(IntakeOutcomeCodes.Scheduled, ReferralStatus.IntakeScheduled)]
    [InlineData(IntakeOutcomeCodes.Held, ReferralStatus.IntakeHeld)]
    [InlineData(IntakeOutcomeCodes.Missed, ReferralStatus.IntakeMissed)]
    public async Task An_intake_meeting_report_moves_an_accepted_referral_to_its_outcome(string outcome, ReferralStatus expected)
    {
        await StartFromAsync(ReferralStatus.Accepted);

        var messageId = await ConsumeAsync(TestEvents.Intake(_id, outcome));

        var referral = await ReferralAsync();
        Assert.Equal(expected, referral.Status);
        Assert.Equal(outcome, referral.IntakeOutcome);
        Assert.Equal(new DateOnly(2026, 12, 9), referral.IntakeMeetingDate);
        var exported = await SingleExportAsync(messageId);
        Assert.Equal("IntakeMeetingRecorded", (string)exported["eventType"]!);
        Assert.Equal(expected.ToString(), (string)exported["ledgerStatus"]!);
        Assert.True((bool)exported["appliedToLedger"]!);
        Assert.Equal($"20261202T081530123_{_id}_IntakeMeetingRecorded_{messageId}.json", Assert.Single(await ExportFilesAsync()));
    }

    [Fact]
    public async Task A_missed_intake_meeting_may_be_scheduled_again()
    {
        await StartFromAsync(ReferralStatus.Accepted);
        await ConsumeAsync(TestEvents.Intake(_id, IntakeOutcomeCodes.Missed));

        await ConsumeAsync(TestEvents.Intake(_id, IntakeOutcomeCodes.Scheduled, TestEvents.At.AddDays(1)));

        Assert.Equal(ReferralStatus.IntakeScheduled, (await ReferralAsync()).Status);
    }

    [Fact]
    public async Task A_late_missed_report_does_not_undo_a_held_intake_meeting()
    {
        await StartFromAsync(ReferralStatus.IntakeHeld);

        var messageId = await ConsumeAsync(TestEvents.Intake(_id, IntakeOutcomeCodes.Missed));

        Assert.Equal(ReferralStatus.IntakeHeld, (await ReferralAsync()).Status);
        Assert.False((bool)(await SingleExportAsync(messageId))["appliedToLedger"]!);
    }

    [Fact]
    public async Task A_placement_moves_the_referral_to_placed_with_category_and_start_date()
    {
        await StartFromAsync(ReferralStatus.IntakeHeld);

        var messageId = await ConsumeAsync(TestEvents.Placement(_id, PlacementCategoryCodes.Environment));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Placed, referral.Status);
        Assert.Equal("ENVIRONMENT", referral.PlacementCategory);
        Assert.Equal(new DateOnly(2026, 12, 14), referral.PlacementStartDate);
        Assert.Equal("Placed", (string)(await SingleExportAsync(messageId))["ledgerStatus"]!);
    }

    [Fact]
    public async Task A_new_placement_while_hours_are_worked_changes_the_placement_not_the_status()
    {
        await StartFromAsync(ReferralStatus.InProgress);

        await ConsumeAsync(TestEvents.Placement(_id, PlacementCategoryCodes.Sport));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        Assert.Equal("SPORT", referral.PlacementCategory);
    }

    [Fact]
    public async Task An_hours_report_moves_the_referral_to_in_progress_with_the_running_total_and_the_flags()
    {
        await StartFromAsync(ReferralStatus.Placed);

        var messageId = await ConsumeAsync(TestEvents.Hours(_id, 12.5m, flags: [CaseFlagCodes.AtRisk]));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        Assert.Equal(12.5m, referral.HoursCompleted);
        Assert.Equal(["AT_RISK"], referral.Flags);
        Assert.Equal(new DateOnly(2026, 12, 1), referral.LastShiftDate);
        var exported = await SingleExportAsync(messageId);
        Assert.Equal(12.5m, (decimal)exported["event"]!["hoursCompleted"]!);
        var history = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == messageId);
        Assert.Equal("HoursReported", history.Kind);
        Assert.Equal("horizont-ev", history.Actor);
        Assert.Contains("12,5 von 40 Stunden", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_hours_report_after_an_amendment_moves_the_referral_back_to_in_progress()
    {
        await StartFromAsync(ReferralStatus.Amended, r =>
        {
            r.StatusBeforeChange = ReferralStatus.NonComplianceReported;
            r.HoursCompleted = 8;
        });

        await ConsumeAsync(TestEvents.Hours(_id, 10));

        Assert.Equal(ReferralStatus.InProgress, (await ReferralAsync()).Status);
    }

    [Fact]
    public async Task A_new_intake_meeting_after_an_amendment_applies_when_no_intake_was_held_before()
    {
        await StartFromAsync(ReferralStatus.Amended, r => r.StatusBeforeChange = ReferralStatus.NonComplianceReported);

        await ConsumeAsync(TestEvents.Intake(_id, IntakeOutcomeCodes.Scheduled));

        Assert.Equal(ReferralStatus.IntakeScheduled, (await ReferralAsync()).Status);
    }

    [Fact]
    public async Task Hours_reported_while_the_court_decides_on_non_compliance_update_the_figures_but_not_the_status()
    {
        await StartFromAsync(ReferralStatus.NonComplianceReported);

        await ConsumeAsync(TestEvents.Hours(_id, 20));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.NonComplianceReported, referral.Status);
        Assert.Equal(20m, referral.HoursCompleted);
    }

    [Fact]
    public async Task A_non_compliance_report_records_reason_reminders_and_recommendation()
    {
        await StartFromAsync(ReferralStatus.InProgress);

        var messageId = await ConsumeAsync(TestEvents.NonCompliance(_id));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.NonComplianceReported, referral.Status);
        Assert.Equal("UNEXCUSED_ABSENCES", referral.NonComplianceReasonCode);
        Assert.Equal([new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 20)], referral.NonComplianceRemindedOn);
        Assert.Equal("Gespräch mit dem Jugendamt empfohlen.", referral.NonComplianceRecommendation);
        Assert.Equal(8m, referral.HoursCompleted);
        Assert.True((bool)(await SingleExportAsync(messageId))["appliedToLedger"]!);
    }

    [Fact]
    public async Task An_extension_request_keeps_the_status_and_is_shown_as_pending()
    {
        await StartFromAsync(ReferralStatus.InProgress);

        var messageId = await ConsumeAsync(TestEvents.Extension(_id));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        Assert.Equal("ILLNESS", referral.ExtensionReasonCode);
        Assert.Equal(new DateOnly(2027, 8, 31), referral.ExtensionProposedDeadline);
        Assert.Equal("InProgress", (string)(await SingleExportAsync(messageId))["ledgerStatus"]!);
        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_id}");
        Assert.Equal("ILLNESS", (string)detail["pendingExtensionRequest"]!["reasonCode"]!);
        Assert.Equal("2027-08-31", (string)detail["pendingExtensionRequest"]!["proposedDeadline"]!);
    }

    [Fact]
    public async Task A_completion_moves_the_referral_to_completed_with_total_hours_and_date_and_clears_the_flags()
    {
        await StartFromAsync(ReferralStatus.InProgress, r => r.Flags = [CaseFlagCodes.Overdue]);

        var messageId = await ConsumeAsync(TestEvents.Completed(_id));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal(40m, referral.HoursCompleted);
        Assert.Equal(new DateOnly(2026, 12, 1), referral.CompletedOn);
        Assert.Empty(referral.Flags);
        Assert.Equal("Completed", (string)(await SingleExportAsync(messageId))["ledgerStatus"]!);
    }

    [Fact]
    public async Task An_acknowledged_withdrawal_ends_the_referral_as_withdrawn()
    {
        await StartFromAsync(ReferralStatus.WithdrawalRequested, r => r.StatusBeforeChange = ReferralStatus.InProgress);

        var messageId = await ConsumeAsync(TestEvents.Acknowledged(_id, WithdrawalOutcomeCodes.Withdrawn, "Withdrawn"));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Withdrawn, referral.Status);
        Assert.Equal("WITHDRAWN", referral.WithdrawalOutcome);
        Assert.Equal("Withdrawn", (string)(await SingleExportAsync(messageId))["ledgerStatus"]!);
    }

    [Fact]
    public async Task A_withdrawal_that_crossed_a_completion_ends_as_completed_on_the_providers_acknowledgement()
    {
        await StartFromAsync(ReferralStatus.WithdrawalRequested, r => r.StatusBeforeChange = ReferralStatus.InProgress);

        await ConsumeAsync(TestEvents.Acknowledged(_id, WithdrawalOutcomeCodes.AlreadyCompleted, "Completed"));
        var completed = await ConsumeAsync(TestEvents.Completed(_id, TestEvents.At.AddMinutes(-5)));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal("ALREADY_COMPLETED", referral.WithdrawalOutcome);
        // The completion that arrived after the acknowledgement still fills in its figures.
        Assert.Equal(40m, referral.HoursCompleted);
        Assert.Equal(new DateOnly(2026, 12, 1), referral.CompletedOn);
        Assert.True((bool)(await SingleExportAsync(completed))["appliedToLedger"]!);
    }

    [Fact]
    public async Task A_completion_arriving_while_a_withdrawal_is_requested_wins_and_the_history_says_so()
    {
        await StartFromAsync(ReferralStatus.WithdrawalRequested, r => r.StatusBeforeChange = ReferralStatus.InProgress);

        var completed = await ConsumeAsync(TestEvents.Completed(_id));
        await ConsumeAsync(TestEvents.Acknowledged(_id, WithdrawalOutcomeCodes.AlreadyCompleted, "Completed", TestEvents.At.AddMinutes(1)));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal("ALREADY_COMPLETED", referral.WithdrawalOutcome);
        var line = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == completed);
        Assert.Contains("gekreuzt", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acknowledgement_that_the_referral_had_already_ended_keeps_the_ended_status()
    {
        await StartFromAsync(ReferralStatus.Declined);

        var messageId = await ConsumeAsync(TestEvents.Acknowledged(_id, WithdrawalOutcomeCodes.AlreadyEnded, "Declined"));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Declined, referral.Status);
        Assert.Equal("ALREADY_ENDED", referral.WithdrawalOutcome);
        Assert.Equal("Declined", (string)(await SingleExportAsync(messageId))["ledgerStatus"]!);
    }

    [Fact]
    public async Task A_decline_that_crossed_the_withdrawal_of_an_unanswered_referral_ends_it_as_declined()
    {
        await StartFromAsync(ReferralStatus.WithdrawalRequested, r => r.StatusBeforeChange = ReferralStatus.Submitted);

        await ConsumeAsync(TestEvents.Declined(_id));

        Assert.Equal(ReferralStatus.Declined, (await ReferralAsync()).Status);
    }

    [Fact]
    public async Task Hours_reported_after_completion_are_recorded_and_exported_but_not_applied()
    {
        await StartFromAsync(ReferralStatus.InProgress);
        await ConsumeAsync(TestEvents.Completed(_id));

        var late = await ConsumeAsync(TestEvents.Hours(_id, 30, TestEvents.At.AddHours(1)));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal(40m, referral.HoursCompleted);
        var exported = await SingleExportAsync(late);
        Assert.False((bool)exported["appliedToLedger"]!);
        Assert.Equal("Completed", (string)exported["ledgerStatus"]!);
        var line = (await _host.HistoryAsync(_id)).Single(h => h.MessageId == late);
        Assert.Equal("HoursReported", line.Kind);
        Assert.Contains("nicht übernommen", line.Detail, StringComparison.Ordinal);
        Assert.Contains("Stand unverändert", line.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_hours_report_than_the_last_applied_one_is_ignored()
    {
        await StartFromAsync(ReferralStatus.Placed);
        await ConsumeAsync(TestEvents.Hours(_id, 20, TestEvents.At));

        var older = await ConsumeAsync(TestEvents.Hours(_id, 12, TestEvents.At.AddDays(-1)));

        var referral = await ReferralAsync();
        Assert.Equal(20m, referral.HoursCompleted);
        Assert.Equal(TestEvents.At, referral.HoursReportedAt);
        Assert.False((bool)(await SingleExportAsync(older))["appliedToLedger"]!);
        Assert.Contains("neuerer Stundenstand", (await _host.HistoryAsync(_id)).Single(h => h.MessageId == older).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_placement_after_the_referral_was_withdrawn_is_recorded_but_not_applied()
    {
        await StartFromAsync(ReferralStatus.Withdrawn);

        var messageId = await ConsumeAsync(TestEvents.Placement(_id));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.Withdrawn, referral.Status);
        Assert.Null(referral.PlacementCategory);
        Assert.False((bool)(await SingleExportAsync(messageId))["appliedToLedger"]!);
    }

    [Fact]
    public async Task Progress_reported_while_a_withdrawal_is_requested_is_recorded_but_not_applied()
    {
        await StartFromAsync(ReferralStatus.WithdrawalRequested, r => r.StatusBeforeChange = ReferralStatus.Placed);

        var messageId = await ConsumeAsync(TestEvents.Hours(_id, 4));

        var referral = await ReferralAsync();
        Assert.Equal(ReferralStatus.WithdrawalRequested, referral.Status);
        Assert.Equal(0m, referral.HoursCompleted);
        Assert.False((bool)(await SingleExportAsync(messageId))["appliedToLedger"]!);
    }

    [Theory]
    [InlineData(nameof(ReferralAccepted), ReferralStatus.Submitted)]
    [InlineData(nameof(ReferralDeclined), ReferralStatus.Submitted)]
    [InlineData(nameof(IntakeMeetingRecorded), ReferralStatus.Accepted)]
    [InlineData(nameof(PlacementArranged), ReferralStatus.IntakeHeld)]
    [InlineData(nameof(HoursReported), ReferralStatus.Placed)]
    [InlineData(nameof(NonComplianceReported), ReferralStatus.InProgress)]
    [InlineData(nameof(ExtensionRequested), ReferralStatus.InProgress)]
    [InlineData(nameof(ReferralCompleted), ReferralStatus.InProgress)]
    [InlineData(nameof(ReferralWithdrawalAcknowledged), ReferralStatus.WithdrawalRequested)]
    public async Task A_redelivered_event_is_applied_once(string type, ReferralStatus from)
    {
        await StartFromAsync(from);
        var message = TestEvents.Of(type, _id);
        var messageId = await ConsumeAsync(message);
        var after = await ReferralAsync();
        var exportFile = Path.Combine(_host.Folders.Export, Assert.Single(await ExportFilesAsync()));
        var writtenAt = File.GetLastWriteTimeUtc(exportFile);

        await _host.SendEventAsync(message, messageId);

        Assert.Equal([null, null], await _host.Consumed.Consumed(messageId, times: 2));
        Assert.True((bool)(await SingleExportAsync(messageId))["appliedToLedger"]!);
        Assert.Equal(after.Status, (await ReferralAsync()).Status);
        Assert.Equal(after.Version, (await ReferralAsync()).Version);
        Assert.Single(await ExportFilesAsync());
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(exportFile));
        Assert.Single(await _host.HistoryAsync(_id), h => h.MessageId == messageId);
        Assert.Equal(1, await _host.Ledger(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public async Task An_event_for_an_unknown_referral_faults_without_retries_and_changes_nothing(string type)
    {
        var messageId = await _host.SendEventAsync(TestEvents.Of(type, Guid.NewGuid()));

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("is not in the ledger", fault.Message, StringComparison.Ordinal);
        Assert.Empty(await ExportFilesAsync());
    }

    [Fact]
    public async Task An_event_from_another_provider_than_the_one_referred_to_faults()
    {
        var messageId = await _host.SendEventAsync(TestEvents.Hours(_id, 4) with { SenderAgencyId = "brueckenbau-ev" });

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("is not the agency on the other side of the referral", fault.Message, StringComparison.Ordinal);
        Assert.Empty(await ExportFilesAsync());
    }

    [Theory]
    [InlineData("intake outcome")]
    [InlineData("placement category")]
    [InlineData("flag")]
    [InlineData("non-compliance reason")]
    [InlineData("extension reason")]
    [InlineData("withdrawal outcome")]
    public async Task An_event_with_an_unknown_code_faults_naming_the_field_and_the_allowed_values(string what)
    {
        object message = what switch
        {
            "intake outcome" => TestEvents.Intake(_id, "CANCELLED"),
            "placement category" => TestEvents.Placement(_id, "ZOO"),
            "flag" => TestEvents.Hours(_id, 4, flags: ["LATE"]),
            "non-compliance reason" => TestEvents.NonCompliance(_id) with { ReasonCode = "LAZY" },
            "extension reason" => TestEvents.Extension(_id) with { ReasonCode = "HOLIDAY" },
            _ => TestEvents.Acknowledged(_id, "MAYBE", "Withdrawn"),
        };

        var messageId = await _host.SendEventAsync(message);

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("is not one of", fault.Message, StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Submitted, (await ReferralAsync()).Status);
    }

    [Fact]
    public async Task An_unknown_code_that_is_not_code_shaped_is_not_repeated_in_the_fault()
    {
        var messageId = await _host.SendEventAsync(TestEvents.Hours(_id, 4, flags: ["Malvina Quastenberg, 17.04.2009"]));

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("flags (a value that is not shown", fault.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Quastenberg", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ledger_view_shows_what_the_provider_reported()
    {
        await ConsumeAsync(TestEvents.Accepted(_id));
        await ConsumeAsync(TestEvents.Intake(_id, IntakeOutcomeCodes.Held, TestEvents.At.AddDays(1)));
        await ConsumeAsync(TestEvents.Placement(_id, PlacementCategoryCodes.Social, TestEvents.At.AddDays(2)));
        await ConsumeAsync(TestEvents.Hours(_id, 16, TestEvents.At.AddDays(3), CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue));
        await ConsumeAsync(TestEvents.Extension(_id, TestEvents.At.AddDays(4)));
        await ConsumeAsync(TestEvents.NonCompliance(_id, TestEvents.At.AddDays(5)));

        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_id}");

        Assert.Equal("NonComplianceReported", (string)detail["status"]!);
        Assert.Equal(40m, (decimal)detail["hoursOrdered"]!);
        Assert.Equal(8m, (decimal)detail["hoursCompleted"]!);
        Assert.Equal(["AT_RISK", "OVERDUE"], detail["flags"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("HELD", (string)detail["intake"]!["outcome"]!);
        Assert.Equal("2026-12-09", (string)detail["intake"]!["meetingDate"]!);
        Assert.Equal("SOCIAL", (string)detail["placement"]!["category"]!);
        Assert.Equal("2026-12-14", (string)detail["placement"]!["startDate"]!);
        Assert.Equal("UNEXCUSED_ABSENCES", (string)detail["nonCompliance"]!["reasonCode"]!);
        Assert.Equal(["2026-11-06", "2026-11-20"], detail["nonCompliance"]!["remindedOn"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("ILLNESS", (string)detail["pendingExtensionRequest"]!["reasonCode"]!);
        Assert.Null(detail["withdrawal"]);
        var history = detail["history"]!.AsArray();
        Assert.Equal(
            ["SubmitReferral", "ReferralAccepted", "IntakeMeetingRecorded", "PlacementArranged", "HoursReported", "ExtensionRequested", "NonComplianceReported"],
            history.Select(h => (string)h!["kind"]!));
        Assert.All(history.Skip(1), h =>
        {
            Assert.Equal("horizont-ev", (string)h!["actor"]!);
            Assert.NotNull(h["messageId"]);
            Assert.NotNull(h["time"]);
        });
        Assert.Equal(6, (await ExportFilesAsync()).Length);

        var listed = await _host.Client.GetJsonAsync("/jugendamt/api/referrals?status=NonComplianceReported");
        Assert.Equal(_id, Guid.Parse((string)listed.AsArray().Single()!["referralId"]!));
    }

    [Theory]
    [InlineData("IntakeMissed")]
    [InlineData("WithdrawalRequested")]
    [InlineData("Amended")]
    public async Task The_list_accepts_the_new_statuses(string status)
    {
        await StartFromAsync(Enum.Parse<ReferralStatus>(status));

        var listed = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals?status={status}");

        Assert.Equal(_id, Guid.Parse((string)listed.AsArray().Single()!["referralId"]!));
    }

    public static TheoryData<string> EventTypes() => new(TestEvents.AllTypes);

    private Task StartFromAsync(ReferralStatus status, Action<Referral>? more = null) =>
        _host.UpdateReferralAsync(_id, r =>
        {
            r.Status = status;
            more?.Invoke(r);
        });

    /// <summary>Sends the event and waits until it was consumed without a fault; its message id.</summary>
    private async Task<Guid> ConsumeAsync(object message)
    {
        var messageId = await _host.SendEventAsync(message);
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        return messageId;
    }

    private async Task<Referral> ReferralAsync() => (await _host.ReferralAsync(_id))!;

    private Task<string[]> ExportFilesAsync() => _host.ExportedFilesAsync();

    private async Task<JsonNode> SingleExportAsync(Guid messageId)
    {
        var file = Assert.Single((await ExportFilesAsync()), f => f.Contains(messageId.ToString(), StringComparison.Ordinal));
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file)))!;
    }
}
