using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Horizont.Hosting.Reminders;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using static Horizont.Jugendamt.Tests.Support.FollowUpHosting;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// The Jugendamt's follow-ups (Wiedervorlagen): an unanswered referral, the report to the court after the completion,
/// and the repeated follow-up after a non-compliance report; raised once per occasion by the sweep on a fake clock.
/// </summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private const string FileReference = "JGH-2026-4711";

    /// <summary>When the provider's events of these tests arrive: Wednesday 2 December 2026, 10:00 in Germany.</summary>
    private static readonly DateTimeOffset T = Berlin(2026, 12, 2, 10);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await FollowUpHosting.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // Unanswered referral: 3 working days (Thuringia) after the handover.

    [Fact]
    public async Task An_unanswered_referral_is_followed_up_once_three_working_days_after_the_handover_across_christmas()
    {
        // Wednesday before Christmas: Thursday 24th counts, Friday 25th and Saturday 26th are holidays, then Monday and Tuesday.
        _host.Time.SetUtcNow(Berlin(2026, 12, 23, 10));
        var id = await _host.SubmitReferralAsync(FileReference);

        Assert.Empty(await _host.SweepAtAsync(Berlin(2026, 12, 29, 9, 59)));
        Assert.Empty(await _host.FollowUpsAsync());

        var raised = Assert.Single(await _host.SweepAtAsync(Berlin(2026, 12, 29, 10)));
        Assert.Equal(ReminderCatalogue.UnansweredReferral, raised.Rule);

        var followUp = Assert.Single(await _host.FollowUpsAsync());
        Assert.Equal(raised.Id, followUp.Id);
        Assert.Equal(ReminderCatalogue.UnansweredReferral, followUp.Rule);
        Assert.Equal(ReminderTeams.JugendamtCasework, followUp.Team);
        Assert.Equal(id, followUp.ReferralId);
        Assert.Equal(FileReference, followUp.FileReference);
        Assert.Equal(Berlin(2026, 12, 29, 10), followUp.DueAt);
        Assert.Equal(ReminderState.Open, followUp.State);
        Assert.Equal("Zuweisung vom Träger unbeantwortet", followUp.Title);
        Assert.EndsWith($"/jugendamt/zuweisungen/{id}", followUp.Link, StringComparison.Ordinal);

        var history = (await _host.HistoryAsync(id)).Last();
        Assert.Equal(LedgerHistoryKinds.FollowUpRaised, history.Kind);
        Assert.Contains("Zuweisung vom Träger unbeantwortet", history.Detail, StringComparison.Ordinal);
        // The team as staff know it, not its code.
        Assert.Contains("an Jugendhilfe im Strafverfahren", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_sweep_does_not_raise_the_same_follow_up_again()
    {
        _host.Time.SetUtcNow(Berlin(2026, 12, 23, 10));
        var id = await _host.SubmitReferralAsync(FileReference);
        Assert.Single(await _host.SweepAtAsync(Berlin(2026, 12, 29, 10)));

        Assert.Empty(await _host.SweepAsync());
        Assert.Empty(await _host.SweepAtAsync(Berlin(2027, 1, 15, 10)));

        Assert.Single(await _host.FollowUpsAsync("all"));
        Assert.Single(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.FollowUpRaised);
    }

    [Fact]
    public async Task A_referral_the_provider_accepted_before_the_due_time_is_not_followed_up()
    {
        _host.Time.SetUtcNow(Berlin(2026, 12, 23, 10));
        var id = await _host.SubmitReferralAsync(FileReference);
        var unanswered = await _host.SubmitReferralAsync("JGH-2026-0816"); // the control: the rule does fire
        _host.Time.SetUtcNow(Berlin(2026, 12, 28, 15));
        await _host.DeliverAsync(TestEvents.Accepted(id) with { AcceptedAt = Berlin(2026, 12, 28, 14) });
        Assert.Equal(ReferralStatus.Accepted, (await _host.ReferralAsync(id))!.Status);

        Assert.Equal(unanswered, Assert.Single(await _host.SweepAtAsync(Berlin(2026, 12, 29, 10))).ReferralId);
        Assert.Empty(await _host.SweepAtAsync(Berlin(2027, 1, 15, 10)));

        Assert.DoesNotContain(await _host.FollowUpsAsync("all"), f => f.ReferralId == id);
        Assert.DoesNotContain(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.FollowUpRaised);
    }

    // Court report after the completion: 7 calendar days after the referral became Completed.

    [Fact]
    public async Task A_completed_referral_without_a_court_report_is_followed_up_seven_days_after_the_completion_arrived()
    {
        var id = await CompletedAtTAsync();

        Assert.Empty(await _host.SweepAtAsync(T.AddDays(7) - Minute));

        var raised = Assert.Single(await _host.SweepAtAsync(T.AddDays(7)));
        Assert.Equal(ReminderCatalogue.CourtReportAfterCompletion, raised.Rule);
        var followUp = Assert.Single(await _host.FollowUpsAsync());
        Assert.Equal(ReminderCatalogue.CourtReportAfterCompletion, followUp.Rule);
        Assert.Equal(ReminderTeams.JugendamtCasework, followUp.Team);
        Assert.Equal(id, followUp.ReferralId);
        Assert.Equal(FileReference, followUp.FileReference);
        Assert.Equal(T.AddDays(7), followUp.DueAt);
        Assert.Contains("01.12.2026", followUp.Detail, StringComparison.Ordinal);
        Assert.Empty(await _host.SweepAtAsync(T.AddDays(30)));
    }

    [Fact]
    public async Task A_court_report_recorded_before_the_seven_days_ends_the_follow_up()
    {
        var id = await CompletedAtTAsync();
        var unreported = await CompletedAtTAsync("JGH-2026-0816"); // the control: the rule does fire
        _host.Time.SetUtcNow(T.AddDays(3));

        using var response = await PostCourtReportAsync(id, """{ "reportedOn": "2026-12-04" }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(unreported, Assert.Single(await _host.SweepAtAsync(T.AddDays(7))).ReferralId);
        Assert.Empty(await _host.SweepAtAsync(T.AddDays(30)));
        Assert.DoesNotContain(await _host.FollowUpsAsync("all"), f => f.ReferralId == id);
    }

    [Fact]
    public async Task Recording_the_court_report_closes_the_completed_referral_with_a_history_entry()
    {
        var id = await CompletedAtTAsync();
        _host.Time.SetUtcNow(T.AddDays(1));

        using var response = await PostCourtReportAsync(id, """{ "reportedOn": "2026-12-03" }""", user: "p.sachbearbeiterin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Closed", (string)body["status"]!);
        var referral = (await _host.ReferralAsync(id))!;
        Assert.Equal(ReferralStatus.Closed, referral.Status);
        Assert.Equal(new DateOnly(2026, 12, 3), referral.CourtReportedOn);
        Assert.Equal(T.AddDays(1), referral.CourtReportedAt);
        Assert.Equal(T.AddDays(1), referral.StatusSince);
        var history = (await _host.HistoryAsync(id)).Last();
        Assert.Equal(LedgerHistoryKinds.CourtReported, history.Kind);
        Assert.Equal("p.sachbearbeiterin", history.Actor);
        Assert.Contains("03.12.2026", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_court_report_may_be_dated_on_the_completion_date_and_today()
    {
        var id = await CompletedAtTAsync();

        // Completed on 1 December; today is 2 December.
        using var onCompletion = await PostCourtReportAsync(id, """{ "reportedOn": "2026-12-01" }""");
        Assert.Equal(HttpStatusCode.OK, onCompletion.StatusCode);

        var other = await CompletedAtTAsync("JGH-2026-4712");
        using var today = await PostCourtReportAsync(other, """{ "reportedOn": "2026-12-02" }""");
        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
    }

    [Theory]
    [InlineData(ReferralStatus.InProgress)]
    [InlineData(ReferralStatus.AwaitingCourt)]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Closed)]
    public async Task A_court_report_before_the_completion_or_a_non_compliance_report_is_refused_with_409_and_a_german_reason(ReferralStatus status)
    {
        var id = await _host.SubmitReferralAsync(FileReference);
        await _host.UpdateReferralAsync(id, r => r.Status = status);

        using var response = await PostCourtReportAsync(id, """{ "reportedOn": "2026-12-01" }""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var detail = (string)problem["detail"]!;
        Assert.Contains("nach der Erledigung oder nach einer gemeldeten Nichterfüllung", detail, StringComparison.Ordinal);
        Assert.Contains($"Stand {status}", detail, StringComparison.Ordinal);
        Assert.Equal(status, (await _host.ReferralAsync(id))!.Status);
        Assert.DoesNotContain(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.CourtReported);
    }

    [Fact]
    public async Task A_court_report_after_a_non_compliance_report_leaves_the_referral_waiting_for_the_court()
    {
        var id = await _host.SubmitReferralAsync(FileReference);
        await _host.UpdateReferralAsync(id, r =>
        {
            r.Status = ReferralStatus.NonComplianceReported;
            r.NonComplianceReportedAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        });

        using var response = await PostCourtReportAsync(id, """{ "reportedOn": "2026-12-01" }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReferralStatus.AwaitingCourt, (await _host.ReferralAsync(id))!.Status);
        Assert.Contains(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.CourtReported && h.Detail.Contains("Nichterfüllung", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}", "fehlt")]
    [InlineData("""{ "reportedOn": null }""", "fehlt")]
    [InlineData("""{ "reportedOn": "2026-12-03" }""", "Zukunft")]
    [InlineData("""{ "reportedOn": "2026-11-30" }""", "vor der Erledigung am 01.12.2026")]
    public async Task A_court_report_without_a_valid_date_is_refused_with_400_naming_reportedOn(string body, string fragment)
    {
        // Completed on 1 December; today is 2 December.
        var id = await CompletedAtTAsync();

        using var response = await PostCourtReportAsync(id, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var messages = problem["errors"]!["reportedOn"]!.AsArray().Select(m => (string)m!).ToList();
        Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        var referral = (await _host.ReferralAsync(id))!;
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Null(referral.CourtReportedOn);
        Assert.DoesNotContain(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.CourtReported);
    }

    [Fact]
    public async Task A_court_report_for_an_unknown_referral_is_404()
    {
        using var response = await PostCourtReportAsync(Guid.NewGuid(), """{ "reportedOn": "2026-12-01" }""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // Non-compliance: every 28 days while the court has not decided.

    [Fact]
    public async Task A_non_compliance_report_is_followed_up_28_days_after_it_arrived_and_again_every_28_days()
    {
        var id = await NonComplianceReportedAtTAsync();

        Assert.Empty(await _host.SweepAtAsync(T.AddDays(28) - Minute));

        var first = Assert.Single(await _host.SweepAtAsync(T.AddDays(28)));
        Assert.Equal(ReminderCatalogue.NonComplianceFollowUp, first.Rule);
        Assert.Equal(T.AddDays(28), first.DueAt);
        Assert.Empty(await _host.SweepAtAsync(T.AddDays(56) - Minute));

        var second = Assert.Single(await _host.SweepAtAsync(T.AddDays(56)));
        Assert.Equal(ReminderCatalogue.NonComplianceFollowUp, second.Rule);
        Assert.Equal(T.AddDays(56), second.DueAt);

        var listed = await _host.FollowUpsAsync();
        Assert.Equal(new[] { T.AddDays(56), T.AddDays(28) }, listed.Select(f => f.DueAt));
        Assert.All(listed, f =>
        {
            Assert.Equal(id, f.ReferralId);
            Assert.Equal(FileReference, f.FileReference);
            Assert.Equal(ReminderTeams.JugendamtCasework, f.Team);
        });
        Assert.Equal(2, (await _host.HistoryAsync(id)).Count(h => h.Kind == LedgerHistoryKinds.FollowUpRaised));
    }

    [Fact]
    public async Task After_a_pause_of_100_days_only_the_latest_non_compliance_follow_up_is_raised()
    {
        await NonComplianceReportedAtTAsync();

        // Occasions at 28, 56 and 84 days have passed; only the one at 84 days is raised.
        var raised = Assert.Single(await _host.SweepAtAsync(T.AddDays(100)));
        Assert.Equal(T.AddDays(84), raised.DueAt);
        Assert.Empty(await _host.SweepAsync());

        var next = Assert.Single(await _host.SweepAtAsync(T.AddDays(112)));
        Assert.Equal(T.AddDays(112), next.DueAt);
        Assert.Equal(2, (await _host.FollowUpsAsync("all")).Count);
    }

    [Theory]
    [InlineData("amend", """{ "hoursOrdered": 60, "deadline": "2027-06-30", "courtDecisionDate": "2026-12-30" }""", ReferralStatus.Amended)]
    [InlineData("withdraw", """{ "reasonCode": "MOVED_AWAY", "effectiveDate": "2027-01-01" }""", ReferralStatus.WithdrawalRequested)]
    public async Task An_amendment_or_withdrawal_sent_by_the_jugendamt_stops_the_non_compliance_follow_ups(string action, string body, ReferralStatus moved)
    {
        var id = await NonComplianceReportedAtTAsync();
        Assert.Single(await _host.SweepAtAsync(T.AddDays(28)));
        _host.Time.SetUtcNow(T.AddDays(30));

        using var change = await _host.Client.PostAsync(new Uri($"/jugendamt/api/referrals/{id}/{action}", UriKind.Relative), Json(body));
        Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        Assert.Equal(moved, (await _host.ReferralAsync(id))!.Status);

        Assert.Empty(await _host.SweepAtAsync(T.AddDays(56)));
        Assert.Empty(await _host.SweepAtAsync(T.AddDays(200)));
        Assert.Equal(T.AddDays(28), Assert.Single(await _host.FollowUpsAsync("all")).DueAt);
    }

    [Fact]
    public async Task The_non_compliance_follow_up_keeps_the_german_time_of_day_across_the_change_to_summer_time()
    {
        await NonComplianceReportedAtTAsync();
        var summer = TimeSpan.FromHours(2);
        // The fourth occasion, 24 March 2027, is still winter time; summer time starts on 28 March; the fifth is 21 April.
        Assert.Equal(T.AddDays(112), Assert.Single(await _host.SweepAtAsync(new DateTimeOffset(2027, 4, 20, 12, 0, 0, summer))).DueAt);

        Assert.Empty(await _host.SweepAtAsync(new DateTimeOffset(2027, 4, 21, 9, 59, 0, summer)));

        var raised = Assert.Single(await _host.SweepAtAsync(new DateTimeOffset(2027, 4, 21, 10, 0, 0, summer)));
        Assert.Equal(new DateTimeOffset(2027, 4, 21, 10, 0, 0, summer), raised.DueAt);
    }

    // A command the provider refused: one working day after the refusal arrived.

    [Fact]
    public async Task A_refused_command_is_followed_up_one_working_day_after_the_refusal_arrived()
    {
        _host.Time.SetUtcNow(T);
        var id = await _host.SubmitReferralAsync(FileReference);
        await _host.DeliverAsync(TestEvents.Refused(id, at: T));
        Assert.Equal(ReferralStatus.Refused, (await _host.ReferralAsync(id))!.Status);

        Assert.Empty(await _host.SweepAtAsync(Berlin(2026, 12, 3, 10) - Minute));

        var raised = Assert.Single(await _host.SweepAtAsync(Berlin(2026, 12, 3, 10)));
        Assert.Equal(ReminderCatalogue.RefusedByProvider, raised.Rule);
        Assert.Equal(id, raised.ReferralId);
        Assert.Contains("SubmitReferral, Grund INVALID_CONTENT", raised.Detail, StringComparison.Ordinal);
    }

    // The list and the acknowledgement.

    [Fact]
    public async Task The_list_shows_open_follow_ups_by_default_and_acknowledged_ones_on_request()
    {
        var followUp = await RaiseUnansweredAsync();
        _host.Time.SetUtcNow(Berlin(2026, 12, 29, 11, 30));

        using var response = await _host.AcknowledgeAsync(followUp.Id, "p.sachbearbeiterin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acknowledged = await response.ReadViewAsync();
        Assert.Equal(followUp.Id, acknowledged.Id);
        Assert.Equal(ReminderState.Acknowledged, acknowledged.State);
        Assert.Equal("p.sachbearbeiterin", acknowledged.AcknowledgedBy);
        Assert.Equal(Berlin(2026, 12, 29, 11, 30), acknowledged.AcknowledgedAt);

        Assert.Empty(await _host.FollowUpsAsync());
        Assert.Empty(await _host.FollowUpsAsync("open"));
        var listed = Assert.Single(await _host.FollowUpsAsync("acknowledged"));
        Assert.Equal(ReminderState.Acknowledged, listed.State);
        Assert.Equal("p.sachbearbeiterin", listed.AcknowledgedBy);
        Assert.Equal(followUp.Id, Assert.Single(await _host.FollowUpsAsync("all")).Id);
    }

    [Fact]
    public async Task An_acknowledged_follow_up_stays_in_the_list_of_all_beside_an_open_one()
    {
        var acknowledged = await RaiseUnansweredAsync();
        using (var response = await _host.AcknowledgeAsync(acknowledged.Id, "p.sachbearbeiterin"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var other = await _host.SubmitReferralAsync("JGH-2026-4712");
        var open = Assert.Single(await _host.SweepAtAsync(Berlin(2027, 1, 5, 10)));

        Assert.Equal(open.Id, Assert.Single(await _host.FollowUpsAsync()).Id);
        Assert.Equal(other, open.ReferralId);
        Assert.Equal(2, (await _host.FollowUpsAsync("all")).Count);
    }

    [Fact]
    public async Task Acknowledging_a_follow_up_twice_is_409_and_keeps_the_first_acknowledgement()
    {
        var followUp = await RaiseUnansweredAsync();
        using (var first = await _host.AcknowledgeAsync(followUp.Id, "p.sachbearbeiterin"))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await _host.AcknowledgeAsync(followUp.Id, "k.kollege");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("p.sachbearbeiterin", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("p.sachbearbeiterin", Assert.Single(await _host.FollowUpsAsync("acknowledged")).AcknowledgedBy);
    }

    [Fact]
    public async Task Acknowledging_an_unknown_follow_up_is_404()
    {
        using var response = await _host.AcknowledgeAsync(Guid.NewGuid(), "p.sachbearbeiterin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_list_of_an_unknown_state_is_refused_with_400_naming_state()
    {
        using var response = await _host.GetFollowUpsAsync("foo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var message = (string)Assert.Single(problem["errors"]!["state"]!.AsArray())!;
        Assert.Contains("foo", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_follow_up_list_names_no_young_person()
    {
        var id = await NonComplianceReportedAtTAsync("JGH-2026-4712");
        await RaiseUnansweredAsync();
        Assert.Equal(id, Assert.Single(await _host.SweepAtAsync(T.AddDays(28))).ReferralId);

        using var response = await _host.GetFollowUpsAsync("all");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(FileReference, text, StringComparison.Ordinal);
        Assert.Contains("JGH-2026-4712", text, StringComparison.Ordinal);
        foreach (var personal in new[] { TestReferrals.GivenName, TestReferrals.FamilyName, TestReferrals.AdultBirthDate, "14.03.2006", TestReferrals.Email })
            Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A referral handed over at 1 December, in progress, whose completion (on 1 December) arrives at <see cref="T"/>.</summary>
    private async Task<Guid> CompletedAtTAsync(string fileReference = FileReference)
    {
        var id = await _host.SubmitReferralAsync(fileReference);
        await _host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        if (_host.Time.GetUtcNow() < T)
            _host.Time.SetUtcNow(T);
        await _host.DeliverAsync(TestEvents.Completed(id, T));
        var referral = (await _host.ReferralAsync(id))!;
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal(T, referral.StatusSince);
        return id;
    }

    /// <summary>A referral handed over at 1 December, in progress, whose non-compliance report arrives at <see cref="T"/>.</summary>
    private async Task<Guid> NonComplianceReportedAtTAsync(string fileReference = FileReference)
    {
        var id = await _host.SubmitReferralAsync(fileReference);
        await _host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        if (_host.Time.GetUtcNow() < T)
            _host.Time.SetUtcNow(T);
        await _host.DeliverAsync(TestEvents.NonCompliance(id, T));
        var referral = (await _host.ReferralAsync(id))!;
        Assert.Equal(ReferralStatus.NonComplianceReported, referral.Status);
        Assert.Equal(T, referral.StatusSince);
        return id;
    }

    /// <summary>A referral handed over Wednesday 23 December 10:00 and its unanswered follow-up, raised Tuesday 29 December 10:00.</summary>
    private async Task<ReminderView> RaiseUnansweredAsync()
    {
        _host.Time.SetUtcNow(Berlin(2026, 12, 23, 10));
        await _host.SubmitReferralAsync(FileReference);
        Assert.Single(await _host.SweepAtAsync(Berlin(2026, 12, 29, 10)));
        return Assert.Single(await _host.FollowUpsAsync());
    }

    private async Task<HttpResponseMessage> PostCourtReportAsync(Guid id, string body, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/jugendamt/api/referrals/{id}/court-report", UriKind.Relative))
        {
            Content = Json(body),
        };
        var client = user is null ? _host.Client : await _host.ClientAsync(user);
        return await client.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
