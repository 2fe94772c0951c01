using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Horizont.Provider.Tests.Support.CaseSteps;
using static Horizont.Provider.Tests.Support.Problems;

namespace Horizont.Provider.Tests;

/// <summary>Every step of a referral's life through the staff API, with a fake clock starting at <see cref="CaseSteps.Start"/>.</summary>
public sealed class CaseLifecycleApiTests
{
    private const string User = "m.mueller";

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Referral_walks_from_acceptance_to_completion_and_each_step_is_reported_to_the_jugendamt()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var id = referral.ReferralId;

        Assert.Equal(CaseState.Accepted, (await host.StepAsync(id, "accept", user: User)).Status);
        Assert.Equal(CaseState.IntakeScheduled, (await host.StepAsync(id, "intake/schedule", """{ "date": "2026-12-02T15:00" }""", User)).Status);
        _time.SetGermanTime(2026, 12, 2, 17);
        Assert.Equal(CaseState.IntakeHeld, (await host.StepAsync(id, "intake/held", """{ "date": "2026-12-02" }""", User)).Status);
        Assert.Equal(CaseState.Placed, (await host.StepAsync(id, "placement",
            """{ "category": "SOCIAL", "name": "Tierheim Nordhausen", "startDate": "2026-12-03" }""", User)).Status);
        _time.SetGermanTime(2026, 12, 10, 18);
        string[] shiftDates = ["2026-12-03", "2026-12-04", "2026-12-05", "2026-12-08", "2026-12-09"];
        decimal[] shiftHours = [4, 6, 10, 10, 10];
        for (var i = 0; i < shiftDates.Length; i++)
        {
            var afterShift = await host.StepAsync(id, "hours",
                $$"""{ "date": "{{shiftDates[i]}}", "hours": {{shiftHours[i]}}, "note": "", "correction": false }""", User);
            Assert.Equal(CaseState.InProgress, afterShift.Status);
        }

        Assert.True((await host.GetCaseAsync(id)).CanComplete);
        var completed = await host.StepAsync(id, "complete", """{ "completedOn": "2026-12-10" }""", User);
        Assert.Equal(CaseState.Completed, completed.Status);
        Assert.Equal(40m, completed.HoursCompleted);

        var rows = await host.OutboxAsync();
        Assert.Equal(
            ["ReferralAccepted", "IntakeMeetingRecorded", "IntakeMeetingRecorded", "PlacementArranged",
             "HoursReported", "HoursReported", "HoursReported", "HoursReported", "HoursReported", "ReferralCompleted"],
            rows.Select(r => ShortTypeName(r.MessageType)));
        Assert.All(rows, r => Assert.Equal((Referrals.Jugendamt, (Guid?)id), (r.DestinationAgencyId, r.ReferralId)));

        var intake = await host.SentAsync<IntakeMeetingRecorded>();
        Assert.Equal((IntakeOutcomeCodes.Scheduled, new DateOnly(2026, 12, 2)), (intake[0].Outcome, intake[0].MeetingDate));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero), intake[0].NextAppointment); // 15:00 in Germany
        Assert.Equal((IntakeOutcomeCodes.Held, new DateOnly(2026, 12, 2), (DateTimeOffset?)null), (intake[1].Outcome, intake[1].MeetingDate, intake[1].NextAppointment));
        Assert.All(intake, m => Assert.Equal((id, Referrals.Provider, Referrals.Jugendamt), (m.ReferralId, m.SenderAgencyId, m.ReceiverAgencyId)));

        var placement = Assert.Single(await host.SentAsync<PlacementArranged>());
        Assert.Equal((PlacementCategoryCodes.Social, new DateOnly(2026, 12, 3)), (placement.Category, placement.StartDate));
        Assert.DoesNotContain("Tierheim", rows.Single(r => ShortTypeName(r.MessageType) == "PlacementArranged").Body, StringComparison.Ordinal);

        var reports = await host.SentAsync<HoursReported>();
        Assert.Equal([4m, 10m, 20m, 30m, 40m], reports.Select(r => r.HoursCompleted));
        Assert.Equal(shiftDates.Select(d => (DateOnly?)DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)), reports.Select(r => r.LastShiftDate));
        Assert.All(reports, r => Assert.Empty(r.Flags));

        var completion = Assert.Single(await host.SentAsync<ReferralCompleted>());
        Assert.Equal((id, 40m, new DateOnly(2026, 12, 10)), (completion.ReferralId, completion.TotalHours, completion.CompletedOn));

        var detail = await host.GetCaseAsync(id);
        Assert.Equal(CaseState.Completed, detail.Status);
        Assert.False(detail.CanComplete);
        Assert.Equal(new DateOnly(2026, 12, 2), detail.Intake.HeldOn);
        Assert.Equal(("SOCIAL", "Tierheim Nordhausen", new DateOnly(2026, 12, 3)), (detail.Placement!.Category, detail.Placement.Name, detail.Placement.StartDate));
        Assert.Equal([4m, 10m, 20m, 30m, 40m], detail.HourEntries.Select(e => e.TotalAfter));
        Assert.All(detail.HourEntries, e => Assert.Equal(User, e.RecordedBy));
        Assert.Equal(new DateOnly(2026, 12, 10), detail.Completion!.CompletedOn);

        // The audit trail: every step by the member of staff, every message with its id.
        var steps = detail.History.Where(h => h.Kind is not (CaseHistoryKinds.ReferralReceived or CaseHistoryKinds.MessageSent)).ToList();
        Assert.Equal(
            [CaseHistoryKinds.Accepted, CaseHistoryKinds.IntakeScheduled, CaseHistoryKinds.IntakeHeld, CaseHistoryKinds.PlacementArranged,
             .. Enumerable.Repeat(CaseHistoryKinds.HoursLogged, 5), CaseHistoryKinds.Completed],
            steps.Select(h => h.Kind));
        Assert.All(steps, h => Assert.Equal(User, h.Actor));
        Assert.Equal(rows.Select(r => (Guid?)r.MessageId), detail.History.Where(h => h.Kind == CaseHistoryKinds.MessageSent).Select(h => h.MessageId));

        var late = await host.PostStepAsync(id, "hours", new { date = "2026-12-10", hours = 1 });
        Assert.Equal("Der Fall ist bereits erledigt.", (await ConflictOf(late)).Detail);
    }

    [Fact]
    public async Task Two_missed_intakes_show_grounds_for_non_compliance_refuse_a_third_appointment_and_lead_to_a_report()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.AcceptedCaseAsync();

        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-02T10:00" });
        _time.SetGermanTime(2026, 12, 2, 11);
        Assert.Equal(CaseState.IntakeMissed, (await host.StepAsync(id, "intake/missed", new { date = "2026-12-02" })).Status);
        var afterFirstMiss = await host.GetCaseAsync(id);
        Assert.Equal(1, afterFirstMiss.Intake.MissedCount);
        Assert.Empty(afterFirstMiss.NonComplianceGrounds);
        Assert.False(afterFirstMiss.NonComplianceSuggested);

        // Rescheduled once, with an offset this time.
        Assert.Equal(CaseState.IntakeScheduled, (await host.StepAsync(id, "intake/schedule", new { date = "2026-12-04T10:00:00+01:00" })).Status);
        _time.SetGermanTime(2026, 12, 4, 11);
        await host.StepAsync(id, "intake/missed", new { date = "2026-12-04" });

        var json = await host.Client.GetStringAsync($"/provider/api/cases/{id}");
        Assert.Contains("\"nonComplianceGrounds\":[\"INTAKE_MISSED_TWICE\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"nonComplianceSuggested\":true", json, StringComparison.Ordinal);
        Assert.Equal(2, (await host.GetCaseAsync(id)).Intake.MissedCount);

        var third = await host.PostStepAsync(id, "intake/schedule", new { date = "2026-12-08T10:00" });
        Assert.Contains("Nichterfüllung ist dem Jugendamt zu melden", (await ConflictOf(third)).Detail, StringComparison.Ordinal);

        var reported = await host.StepAsync(id, "noncompliance",
            """{ "reasonCode": "NO_SHOW", "remindedOn": ["2026-12-03"], "recommendation": "Anhörung vor Arrest empfohlen." }""");
        Assert.Equal(CaseState.NonComplianceReported, reported.Status);

        Assert.Equal(
            ["ReferralAccepted", "IntakeMeetingRecorded", "IntakeMeetingRecorded", "IntakeMeetingRecorded", "IntakeMeetingRecorded", "NonComplianceReported"],
            (await host.OutboxAsync()).Select(r => ShortTypeName(r.MessageType)));
        Assert.Equal(
            [IntakeOutcomeCodes.Scheduled, IntakeOutcomeCodes.Missed, IntakeOutcomeCodes.Scheduled, IntakeOutcomeCodes.Missed],
            (await host.SentAsync<IntakeMeetingRecorded>()).Select(m => m.Outcome));
        var report = Assert.Single(await host.SentAsync<NonComplianceReported>());
        Assert.Equal(NonComplianceReasonCodes.NoShow, report.ReasonCode);
        Assert.Equal([new DateOnly(2026, 12, 3)], report.RemindedOn);
        Assert.Equal("Anhörung vor Arrest empfohlen.", report.Recommendation);
        Assert.Equal(0m, report.HoursCompleted);

        var detail = await host.GetCaseAsync(id);
        Assert.Equal(NonComplianceReasonCodes.NoShow, detail.NonCompliance!.ReasonCode);
        Assert.Empty(detail.NonComplianceGrounds);
    }

    public static TheoryData<string, string> StepsWithValidBodies => new()
    {
        { "intake/schedule", """{ "date": "2026-12-02T10:00" }""" },
        { "intake/held", """{ "date": "2026-12-01" }""" },
        { "intake/missed", """{ "date": "2026-12-01" }""" },
        { "placement", """{ "category": "SOCIAL", "name": "Tierheim Nordhausen", "startDate": "2026-12-03" }""" },
        { "hours", """{ "date": "2026-12-01", "hours": 4 }""" },
        { "noncompliance", """{ "reasonCode": "NO_SHOW", "remindedOn": [] }""" },
        { "extension-request", """{ "reasonCode": "ILLNESS", "proposedDeadline": "2027-03-01" }""" },
        { "complete", """{ "completedOn": "2026-12-01" }""" },
    };

    [Theory]
    [MemberData(nameof(StepsWithValidBodies))]
    public async Task A_step_the_state_does_not_allow_is_a_conflict_naming_the_state_and_sends_nothing(string step, string body)
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var response = await host.PostStepAsync(referral.ReferralId, step, body);

        var problem = await ConflictOf(response);
        Assert.Contains("„zugewiesen“ nicht möglich", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
        Assert.Equal(CaseState.Submitted, (await host.GetCaseAsync(referral.ReferralId)).Status);
    }

    [Theory]
    [MemberData(nameof(StepsWithValidBodies))]
    public async Task A_step_on_an_unknown_case_is_not_found(string step, string body)
    {
        await using var host = await ProviderHost.StartAsync(_time);

        var response = await host.PostStepAsync(Guid.NewGuid(), step, body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Completion_is_refused_while_hours_are_outstanding()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();
        _time.SetGermanTime(2026, 12, 3);
        await host.LogAsync(id, "2026-12-03", 4);

        var response = await host.PostStepAsync(id, "complete", new { completedOn = "2026-12-03" });

        Assert.Equal("Erst 4 von 40 Stunden geleistet; erledigt erst, wenn alle Stunden geleistet sind.", (await ConflictOf(response)).Detail);
        Assert.False((await host.GetCaseAsync(id)).CanComplete);
    }

    [Theory]
    [InlineData("intake/held")]
    [InlineData("intake/missed")]
    public async Task An_intake_meeting_cannot_be_recorded_before_its_appointment(string step)
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", """{ "date": "2026-12-03T15:00" }""");
        _time.SetGermanTime(2026, 12, 4, 10);

        using var response = await host.PostStepAsync(id, step, """{ "date": "2026-12-02" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("vor dem vereinbarten Termin am 03.12.2026", Assert.Single((await ValidationProblemOf(response)).Errors["date"]), StringComparison.Ordinal);
        Assert.Equal(CaseState.IntakeScheduled, (await host.GetCaseAsync(id)).Status);
    }

    /// <summary>
    /// On a case in progress with 20 hours ordered, placed from 2 December, 6 hours on the 3rd and 6 on the
    /// 4th (8 open), on 5 December: each bad input is a 400 naming the field, and nothing is sent.
    /// </summary>
    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        { "intake/schedule", """{ "date": "morgen" }""", "date", "kein Zeitpunkt" },
        { "intake/schedule", "{}", "date", "Pflichtfeld fehlt" },
        { "intake/held", """{ "date": "2026-12-06" }""", "date", "Zukunft" },
        { "intake/missed", """{ "date": "05.12.2026" }""", "date", "kein Datum" },
        { "placement", """{ "category": "FARM", "name": "Hof", "startDate": "2026-12-06" }""", "category", "SOCIAL, ENVIRONMENT, SPORT, CULTURE, OTHER" },
        { "placement", """{ "category": "SOCIAL", "name": " ", "startDate": "2026-12-06" }""", "name", "Pflichtfeld fehlt" },
        { "placement", $$"""{ "category": "SOCIAL", "name": "{{new string('x', 201)}}", "startDate": "2026-12-06" }""", "name", "Höchstens 200 Zeichen" },
        { "placement", """{ "category": "SOCIAL", "name": "Tierheim" }""", "startDate", "Pflichtfeld fehlt" },
        { "hours", """{ "date": "2026-12-05", "hours": 11 }""", "hours", "Höchstens 10 Stunden je Eintrag" },
        { "hours", """{ "date": "2026-12-03", "hours": 5 }""", "hours", "wären es zusammen 11 Stunden; höchstens 10 Stunden am Tag" },
        { "hours", """{ "date": "2026-12-06", "hours": 2 }""", "date", "Zukunft" },
        { "hours", """{ "date": "2026-12-01", "hours": 2 }""", "date", "vor dem Beginn bei der Einsatzstelle am 02.12.2026" },
        { "hours", """{ "date": "2026-12-05", "hours": 9 }""", "hours", "Offen sind noch 8 Stunden; mehr nur als Korrektur" },
        { "hours", """{ "date": "2026-12-05", "hours": 0 }""", "hours", "größer als 0" },
        { "hours", """{ "date": "2026-12-05", "hours": -2 }""", "hours", "nur als Korrektur" },
        { "hours", """{ "date": "2026-12-04", "hours": -13, "correction": true }""", "hours", "unter 0 senken (bisher 12)" },
        { "hours", """{ "date": "2026-12-05", "hours": 2.125 }""", "hours", "Nachkommastellen" },
        { "hours", """{ "date": "2026-12-05" }""", "hours", "Pflichtfeld fehlt" },
        { "hours", $$"""{ "date": "2026-12-05", "hours": 2, "note": "{{new string('x', 501)}}" }""", "note", "Höchstens 500 Zeichen" },
        { "noncompliance", """{ "reasonCode": "LATE", "remindedOn": [] }""", "reasonCode", "NO_SHOW, UNEXCUSED_ABSENCES, DROPPED_OUT, UNREACHABLE" },
        { "noncompliance", """{ "reasonCode": "NO_SHOW", "remindedOn": ["2026-12-04", "2026-12-24"] }""", "remindedOn[1]", "Zukunft" },
        { "noncompliance", $$"""{ "reasonCode": "NO_SHOW", "recommendation": "{{new string('x', 501)}}" }""", "recommendation", "Höchstens 500 Zeichen" },
        { "extension-request", """{ "reasonCode": "VACATION", "proposedDeadline": "2027-03-01" }""", "reasonCode", "ILLNESS, SCHOOL_OR_WORK, PLACEMENT_UNAVAILABLE, OTHER" },
        { "extension-request", """{ "reasonCode": "ILLNESS", "proposedDeadline": "2027-02-01" }""", "proposedDeadline", "nach der geltenden Frist (01.02.2027)" },
        { "complete", """{ "completedOn": "2026-12-06" }""", "completedOn", "Zukunft" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_rejected_naming_the_field_and_changes_nothing(string step, string body, string field, string expected)
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync(Referrals.Valid() with { HoursOrdered = 20m });
        _time.SetGermanTime(2026, 12, 5, 10);
        await host.LogAsync(id, "2026-12-03", 6);
        await host.LogAsync(id, "2026-12-04", 6);
        var sentBefore = (await host.OutboxAsync()).Count;

        var response = await host.PostStepAsync(id, step, body);

        var problem = await ValidationProblemOf(response);
        Assert.True(problem.Errors.TryGetValue(field, out var messages), $"No error for '{field}': {JsonSerializer.Serialize(problem.Errors)}");
        Assert.Contains(messages, m => m.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(sentBefore, (await host.OutboxAsync()).Count);
        var detail = await host.GetCaseAsync(id);
        Assert.Equal((CaseState.InProgress, 12m, 2), (detail.Status, detail.HoursCompleted, detail.HourEntries.Count));
    }

    [Fact]
    public async Task Corrections_are_new_entries_that_may_exceed_the_open_hours_or_take_hours_back_but_never_below_zero()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync(Referrals.Valid() with { HoursOrdered = 8m });
        _time.SetGermanTime(2026, 12, 5);
        await host.LogAsync(id, "2026-12-03", 6);

        var beyondOpen = await host.LogAsync(id, "2026-12-04", 4, correction: true);
        var takenBack = await host.LogAsync(id, "2026-12-03", -3, correction: true);
        var belowZero = await host.PostStepAsync(id, "hours", new { date = "2026-12-03", hours = -8, correction = true });

        Assert.Equal((10m, 7m), (beyondOpen.HoursCompleted, takenBack.HoursCompleted));
        Assert.Contains("unter 0", (await ValidationProblemOf(belowZero)).Errors["hours"][0], StringComparison.Ordinal);
        Assert.Equal([6m, 10m, 7m], (await host.SentAsync<HoursReported>()).Select(r => r.HoursCompleted));
        var detail = await host.GetCaseAsync(id);
        Assert.Equal(
            [(6m, false, 6m), (4m, true, 10m), (-3m, true, 7m)],
            detail.HourEntries.Select(e => (e.Hours, e.Correction, e.TotalAfter)));
        Assert.Equal(detail.HoursCompleted, detail.HourEntries.Sum(e => e.Hours));
        Assert.Equal(new DateOnly(2026, 12, 4), detail.LastShiftDate);
        Assert.False(detail.CanComplete);

        await host.LogAsync(id, "2026-12-05", 1);
        Assert.True((await host.GetCaseAsync(id)).CanComplete);
        var inProgress = await host.Client.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases?state=InProgress", ProviderHost.Json);
        Assert.Equal((id, 8m), (Assert.Single(inProgress!).ReferralId, inProgress![0].HoursCompleted));
    }

    [Fact]
    public async Task Half_the_period_gone_with_less_than_half_the_hours_flags_at_risk_and_a_passed_deadline_flags_overdue()
    {
        // Accepted on 1 December, deadline 1 February: 62 days, half of them gone after 1 January.
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();
        _time.SetGermanTime(2026, 12, 3);
        await host.LogAsync(id, "2026-12-03", 4);
        _time.SetGermanTime(2027, 1, 5);
        await host.LogAsync(id, "2027-01-05", 4);
        _time.SetGermanTime(2027, 2, 3);
        var overdue = await host.LogAsync(id, "2027-02-03", 4);

        Assert.Equal(
            [[], [CaseFlagCodes.AtRisk], [CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue]],
            (await host.SentAsync<HoursReported>()).Select(r => r.Flags.ToArray()));
        Assert.Equal([CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue], overdue.Flags);
        Assert.Equal([CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue], (await host.GetCaseAsync(id)).Flags);

        // The court moves the deadline to 1 April: no longer overdue, still at risk (64 of 121 days gone, 12 of 40 hours).
        await host.SendAsync(Referrals.Amendment(id, deadline: new DateOnly(2027, 4, 1)));
        var replanned = await Eventually.GetAsync(async () =>
        {
            var detail = await host.GetCaseAsync(id);
            return detail.Deadline == new DateOnly(2027, 4, 1) ? detail : null;
        }, "the amendment to be applied");
        Assert.Equal([CaseFlagCodes.AtRisk], replanned.Flags);
    }

    [Fact]
    public async Task Extension_request_keeps_the_state_shows_as_pending_and_is_answered_by_an_amended_deadline()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();
        _time.SetGermanTime(2026, 12, 3);
        await host.LogAsync(id, "2026-12-03", 4);

        var requested = await host.StepAsync(id, "extension-request", """{ "reasonCode": "ILLNESS", "proposedDeadline": "2027-03-01" }""");

        Assert.Equal(CaseState.InProgress, requested.Status);
        var sent = Assert.Single(await host.SentAsync<ExtensionRequested>());
        Assert.Equal((ExtensionReasonCodes.Illness, new DateOnly(2027, 3, 1)), (sent.ReasonCode, sent.ProposedDeadline));
        var pending = (await host.GetCaseAsync(id)).PendingExtensionRequest;
        Assert.Equal((ExtensionReasonCodes.Illness, new DateOnly(2027, 3, 1)), (pending!.ReasonCode, pending.ProposedDeadline));

        await host.SendAsync(Referrals.Amendment(id, deadline: new DateOnly(2027, 3, 1)));
        var amended = await Eventually.GetAsync(async () =>
        {
            var detail = await host.GetCaseAsync(id);
            return detail.LastAmendment is not null ? detail : null;
        }, "the amendment to be applied");
        Assert.Null(amended.PendingExtensionRequest);
        Assert.Equal(new DateOnly(2027, 3, 1), amended.Deadline);
        Assert.Equal(Referrals.CourtDecisionDate, amended.LastAmendment!.CourtDecisionDate);
    }

    [Fact]
    public async Task Hours_lowered_by_an_amendment_make_the_case_completable_with_the_hours_worked()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();
        _time.SetGermanTime(2026, 12, 6);
        foreach (var day in new[] { "2026-12-03", "2026-12-04", "2026-12-05" })
            await host.LogAsync(id, day, 10);
        Assert.False((await host.GetCaseAsync(id)).CanComplete);

        var messageId = Guid.NewGuid();
        await host.SendAsync(Referrals.Amendment(id, hoursOrdered: 30m), messageId);
        var amended = await Eventually.GetAsync(async () =>
        {
            var detail = await host.GetCaseAsync(id);
            return detail.HoursOrdered == 30m ? detail : null;
        }, "the amendment to be applied");

        Assert.True(amended.CanComplete);
        var entry = amended.History.Single(h => h.Kind == CaseHistoryKinds.AmendmentReceived);
        Assert.Equal((Referrals.Jugendamt, (Guid?)messageId), (entry.Actor, entry.MessageId));
        Assert.Contains("Gerichtsentscheidung vom 10.12.2026", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("Stunden 40 → 30", entry.Detail, StringComparison.Ordinal);

        await host.StepAsync(id, "complete", new { completedOn = "2026-12-06" });
        Assert.Equal(30m, Assert.Single(await host.SentAsync<ReferralCompleted>()).TotalHours);
    }

    [Fact]
    public async Task Another_placement_while_in_progress_is_reported_and_keeps_the_hours_and_the_state()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();
        _time.SetGermanTime(2026, 12, 8);
        await host.LogAsync(id, "2026-12-03", 4);

        var moved = await host.StepAsync(id, "placement", new { category = "SPORT", name = "SV Einheit Nordhausen", startDate = "2026-12-09" });

        Assert.Equal((CaseState.InProgress, 4m), (moved.Status, moved.HoursCompleted));
        Assert.Equal([PlacementCategoryCodes.Social, PlacementCategoryCodes.Sport], (await host.SentAsync<PlacementArranged>()).Select(p => p.Category));
        Assert.Equal("SV Einheit Nordhausen", (await host.GetCaseAsync(id)).Placement!.Name);
    }

    [Fact]
    public async Task Withdrawal_by_the_jugendamt_ends_the_case_is_acknowledged_and_stops_further_steps()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var id = await host.PlacedCaseAsync();

        await host.SendAsync(Referrals.Withdrawal(id));
        await Eventually.UntilAsync(async () => (await host.GetCaseAsync(id)).Status == CaseState.Withdrawn, "the withdrawal to be applied");

        var ack = Assert.Single(await host.SentAsync<ReferralWithdrawalAcknowledged>());
        Assert.Equal((WithdrawalOutcomeCodes.Withdrawn, "Withdrawn"), (ack.Outcome, ack.CaseState));
        var hours = await host.PostStepAsync(id, "hours", new { date = "2026-12-01", hours = 2 });
        Assert.Equal("Die Zuweisung wurde vom Jugendamt beendet.", (await ConflictOf(hours)).Detail);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_step_with_its_request_body()
    {
        await using var host = await ProviderHost.StartAsync(_time);

        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/provider/openapi/provider.json"));

        var paths = document.RootElement.GetProperty("paths");
        var steps = new Dictionary<string, string>
        {
            ["decline"] = "DeclineRequest",
            ["intake/schedule"] = "ScheduleIntakeRequest",
            ["intake/held"] = "IntakeOutcomeRequest",
            ["intake/missed"] = "IntakeOutcomeRequest",
            ["placement"] = "ArrangePlacementRequest",
            ["hours"] = "LogHoursRequest",
            ["noncompliance"] = "ReportNonComplianceRequest",
            ["extension-request"] = "RequestExtensionRequest",
            ["complete"] = "CompleteRequest",
        };
        foreach (var (step, schema) in steps)
        {
            Assert.True(paths.TryGetProperty($"/provider/api/cases/{{referralId}}/{step}", out var path), $"{step} is not in the document");
            var post = path.GetProperty("post");
            Assert.False(string.IsNullOrWhiteSpace(post.GetProperty("summary").GetString()));
            var body = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText();
            Assert.Contains($"#/components/schemas/{schema}", body, StringComparison.Ordinal);
            foreach (var status in new[] { "200", "400", "404", "409" })
                Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"{step} does not describe {status}");
        }

        Assert.True(paths.TryGetProperty("/provider/api/cases/{referralId}/accept", out _));
        var logHours = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("LogHoursRequest").GetProperty("properties");
        Assert.Equal(["date", "hours", "note", "correction"], logHours.EnumerateObject().Select(p => p.Name));
        var getCase = paths.GetProperty("/provider/api/cases/{referralId}").GetProperty("get").GetProperty("summary").GetString();
        Assert.Contains("INTAKE_MISSED_TWICE", getCase, StringComparison.Ordinal);
    }
}
