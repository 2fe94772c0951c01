using System.Net;
using System.Net.Http.Json;
using Horizont.Hosting;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Provider.Tests;

/// <summary>
/// Every provider rule of domain.md: fires when due, not a minute early, not after the case moved on; once per occasion.
/// The clock is fake; the sweep is called directly (Quartz's own interval is set to a day, so it stays out of the way).
/// </summary>
public sealed class ReminderRuleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Unanswered_referral_is_reminded_after_three_working_days_skipping_Christmas_and_the_weekend()
    {
        var time = new FakeTimeProvider(German(2026, 12, 23, 10, 0)); // a Wednesday
        await using var host = await StartAsync(time);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        // Thu 24 (1), Fri 25 holiday, weekend, Mon 28 (2), Tue 29 (3).
        time.SetUtcNow(German(2026, 12, 29, 10, 0) - Minute);
        Assert.Empty(await SweepAsync(host));
        time.SetUtcNow(German(2026, 12, 29, 10, 0));
        var raised = Assert.Single(await SweepAsync(host));
        Assert.Equal((ReminderCatalogue.UnansweredReferral, ReminderTeams.ProviderIntake, referral.ReferralId), (raised.Rule, raised.Team, raised.ReferralId));

        time.Advance(TimeSpan.FromDays(3));
        Assert.Empty(await SweepAsync(host));
        Assert.Single(await ListAsync(host, "all"));
    }

    [Fact]
    public async Task Accepting_in_time_means_no_unanswered_reminder()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var id = await host.AcceptedCaseAsync();
        var unanswered = Referrals.Valid(); // the control: the rule does fire
        await host.SubmitAndWaitAsync(unanswered);

        time.Advance(TimeSpan.FromDays(10));
        var raised = Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.UnansweredReferral);
        Assert.Equal(unanswered.ReferralId, raised.ReferralId);
        Assert.NotEqual(id, raised.ReferralId);
    }

    [Fact]
    public async Task Intake_not_scheduled_within_14_days_is_reminded_once_and_not_when_scheduled()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var waiting = await host.AcceptedCaseAsync();
        var scheduled = await host.AcceptedCaseAsync(Referrals.Valid());
        await host.StepAsync(scheduled, "intake/schedule", new { date = "2026-12-03T10:00" });

        time.SetUtcNow(CaseSteps.Start + TimeSpan.FromDays(14) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.IntakeNotScheduled);
        time.SetUtcNow(CaseSteps.Start + TimeSpan.FromDays(14));
        var raised = Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.IntakeNotScheduled);
        Assert.Equal(waiting, raised.ReferralId);
        Assert.Equal(ReminderTeams.ProviderCasework, raised.Team);
    }

    [Fact]
    public async Task Missed_intake_without_a_new_appointment_is_reminded_after_7_days()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        await host.StepAsync(id, "intake/missed", new { date = "2026-12-01" });

        time.SetUtcNow(CaseSteps.Start + TimeSpan.FromDays(7) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.IntakeMissed);
        time.SetUtcNow(CaseSteps.Start + TimeSpan.FromDays(7));
        Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.IntakeMissed);

        // A new appointment moves the case on: nothing more for this rule.
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-10T10:00" });
        time.Advance(TimeSpan.FromDays(30));
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.IntakeMissed);
    }

    [Fact]
    public async Task No_hours_for_14_days_is_reminded_and_logging_hours_starts_the_wait_afresh()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var id = await host.PlacedCaseAsync(placementStart: "2026-12-02");
        var placementStart = HorizontTime.StartOf(new DateOnly(2026, 12, 2));

        time.SetUtcNow(placementStart + TimeSpan.FromDays(14) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.NoHoursLogged);
        time.SetUtcNow(placementStart + TimeSpan.FromDays(14));
        Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.NoHoursLogged);

        time.SetGermanTime(2026, 12, 17, 10);
        await host.LogAsync(id, "2026-12-17", 4m);
        time.Advance(TimeSpan.FromDays(14) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.NoHoursLogged);
        time.Advance(Minute);
        Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.NoHoursLogged);
    }

    [Fact]
    public async Task A_week_of_downtime_raises_one_reminder_per_case_not_one_per_missed_day()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time, new() { ["Reminders:Rules:NoHoursLogged:After"] = "1.00:00:00" });
        var first = await host.PlacedCaseAsync(placementStart: "2026-12-01");
        var second = await host.PlacedCaseAsync(Referrals.Valid(), placementStart: "2026-12-01");

        time.Advance(TimeSpan.FromDays(7));
        var raised = (await SweepAsync(host)).Where(r => r.Rule == ReminderCatalogue.NoHoursLogged).ToList();
        Assert.Equal(new[] { first, second }.Order(), raised.Select(r => r.ReferralId).Order());

        // The next occasion is a day later, not one of the skipped ones.
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.NoHoursLogged);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, (await SweepAsync(host)).Count(r => r.Rule == ReminderCatalogue.NoHoursLogged));
    }

    [Fact]
    public async Task Half_the_period_gone_with_less_than_half_the_hours_sets_AT_RISK_and_tells_the_Jugendamt()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var id = await host.PlacedCaseAsync();
        // Accepted 1 Dec 2026, deadline 1 Feb 2027: 62 days; the 32nd day after acceptance is more than half.
        var halfway = HorizontTime.StartOf(new DateOnly(2027, 1, 2));

        time.SetUtcNow(halfway - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.BehindSchedule);
        Assert.Empty((await host.GetCaseAsync(id)).Flags);
        time.SetUtcNow(halfway);
        Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.BehindSchedule);

        Assert.Equal([CaseFlagCodes.AtRisk], (await host.GetCaseAsync(id)).Flags);
        var status = Assert.Single(await host.SentAsync<CaseFlagsChanged>());
        Assert.Equal((id, Referrals.Jugendamt), (status.ReferralId, status.ReceiverAgencyId));
        Assert.Equal([CaseFlagCodes.AtRisk], status.Flags);
    }

    [Fact]
    public async Task Cases_falling_behind_in_one_batch_are_each_flagged_AT_RISK_once_with_their_history()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        // Two cases due together: the sweep raises them in one batch, read untracked and attached only to set the flag.
        var ids = new[] { await host.PlacedCaseAsync(), await host.PlacedCaseAsync() };

        time.SetUtcNow(HorizontTime.StartOf(new DateOnly(2027, 1, 2)));
        var raised = (await SweepAsync(host)).Where(r => r.Rule == ReminderCatalogue.BehindSchedule).ToList();

        Assert.Equal(ids.Order(), raised.Select(r => r.ReferralId).Order());
        foreach (var id in ids)
        {
            var detail = await host.GetCaseAsync(id);
            Assert.Equal([CaseFlagCodes.AtRisk], detail.Flags);
            Assert.Single(detail.History, h => h.Kind == CaseHistoryKinds.ReminderRaised && h.Detail.Contains("Ableistung gefährdet", StringComparison.Ordinal)
                && h.Detail.Contains("an Fallverantwortliche", StringComparison.Ordinal));
            Assert.Single(detail.History, h => h.Kind == CaseHistoryKinds.FlagsChanged);
        }

        Assert.Equal(ids.Order(), (await host.SentAsync<CaseFlagsChanged>()).Select(m => m.ReferralId).Order());
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.BehindSchedule);
    }

    [Fact]
    public async Task Enough_hours_by_half_time_means_no_AT_RISK()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var id = await host.PlacedCaseAsync();
        foreach (var day in new[] { 2, 3, 4, 5, 6 })
        {
            time.SetGermanTime(2026, 12, day, 18);
            await host.LogAsync(id, $"2026-12-0{day}", 4m);
        }

        time.SetUtcNow(HorizontTime.StartOf(new DateOnly(2027, 1, 3)));
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.BehindSchedule);
        Assert.Empty(await host.SentAsync<CaseFlagsChanged>());
    }

    [Fact]
    public async Task Deadline_in_28_days_reminds_and_in_14_days_prompts_an_extension_unless_one_is_requested()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var plain = await host.PlacedCaseAsync();
        var extended = await host.PlacedCaseAsync(Referrals.Valid());
        await host.StepAsync(extended, "extension-request", new { reasonCode = "ILLNESS", proposedDeadline = "2027-03-01" });
        var deadlineEnd = HorizontTime.StartOf(new DateOnly(2027, 2, 2)); // the deadline is 1 Feb 2027, all day

        time.SetUtcNow(deadlineEnd - TimeSpan.FromDays(28) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.DeadlineApproaching);
        time.SetUtcNow(deadlineEnd - TimeSpan.FromDays(28));
        Assert.Equal(2, (await SweepAsync(host)).Count(r => r.Rule == ReminderCatalogue.DeadlineApproaching));

        time.SetUtcNow(deadlineEnd - TimeSpan.FromDays(14) - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.ExtensionPrompt);
        time.SetUtcNow(deadlineEnd - TimeSpan.FromDays(14));
        var prompt = Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.ExtensionPrompt);
        Assert.Equal(plain, prompt.ReferralId);
    }

    [Fact]
    public async Task Deadline_passed_sets_OVERDUE_and_without_a_report_escalates_to_the_team_lead_after_5_working_days()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var silent = await host.PlacedCaseAsync();
        var reporting = await host.PlacedCaseAsync(Referrals.Valid());
        var deadlineEnd = HorizontTime.StartOf(new DateOnly(2027, 2, 2));

        time.SetUtcNow(deadlineEnd - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.DeadlinePassed);
        time.SetUtcNow(deadlineEnd);
        Assert.Equal(2, (await SweepAsync(host)).Count(r => r.Rule == ReminderCatalogue.DeadlinePassed));
        Assert.Contains(CaseFlagCodes.Overdue, (await host.GetCaseAsync(silent)).Flags);
        Assert.Contains(await host.SentAsync<CaseFlagsChanged>(), m => m.ReferralId == silent && m.Flags.Contains(CaseFlagCodes.Overdue));

        // One of them reports hours after the deadline: a status report, so no escalation for it.
        time.SetGermanTime(2027, 2, 3, 10);
        await host.LogAsync(reporting, "2027-02-01", 2m);

        // Tue 2 Feb + 5 working days = Tue 9 Feb, 0:00.
        var escalation = HorizontTime.StartOf(new DateOnly(2027, 2, 9));
        time.SetUtcNow(escalation - Minute);
        Assert.DoesNotContain(await SweepAsync(host), r => r.Rule == ReminderCatalogue.ReportOverdue);
        time.SetUtcNow(escalation);
        var raised = Assert.Single(await SweepAsync(host), r => r.Rule == ReminderCatalogue.ReportOverdue);
        Assert.Equal((silent, ReminderTeams.ProviderTeamLead), (raised.ReferralId, raised.Team));
    }

    [Fact]
    public async Task A_completed_case_raises_nothing_more()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time, new() { ["Reminders:Rules:NoHoursLogged:After"] = "1.00:00:00" });
        var referral = Referrals.Valid() with { HoursOrdered = 8m };
        var id = await host.PlacedCaseAsync(referral);
        var working = await host.PlacedCaseAsync(Referrals.Valid()); // the control: the rules do fire
        time.SetGermanTime(2026, 12, 2, 18);
        await host.LogAsync(id, "2026-12-02", 8m);
        await host.StepAsync(id, "complete", new { completedOn = "2026-12-02" });

        time.Advance(TimeSpan.FromDays(120));
        var raised = await SweepAsync(host);
        Assert.Contains(raised, r => r.ReferralId == working && r.Rule == ReminderCatalogue.NoHoursLogged);
        Assert.DoesNotContain(raised, r => r.ReferralId == id);
    }

    [Fact]
    public async Task Staff_see_the_reminder_in_the_list_and_acknowledge_it_once()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        time.Advance(TimeSpan.FromDays(10));
        await SweepAsync(host);

        var open = Assert.Single(await ListAsync(host));
        Assert.Equal((ReminderCatalogue.UnansweredReferral, "Zuweisung unbeantwortet", referral.FileReference, ReminderState.Open),
            (open.Rule, open.Title, open.FileReference, open.State));
        Assert.EndsWith($"/provider/faelle/{referral.ReferralId}", open.Link, StringComparison.Ordinal);
        Assert.Equal(ReminderMailState.NotConfigured, open.Mail);

        var keller = await host.ClientAsync("m.keller", HorizontRoles.ProviderCasework);
        var acknowledged = await (await keller.PostAsync($"/provider/api/reminders/{open.Id}/acknowledge", null)).Content.ReadFromJsonAsync<ReminderView>(ProviderHost.Json);
        Assert.Equal((ReminderState.Acknowledged, "m.keller"), (acknowledged!.State, acknowledged.AcknowledgedBy));
        Assert.Empty(await ListAsync(host));
        Assert.Single(await ListAsync(host, "acknowledged"));

        var again = await host.Client.PostAsync($"/provider/api/reminders/{open.Id}/acknowledge", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("bereits", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync($"/provider/api/reminders/{Guid.NewGuid()}/acknowledge", null)).StatusCode);
        foreach (var state in new[] { "erledigt", "7", "open,all" })
        {
            var wrong = await host.Client.GetAsync($"/provider/api/reminders?state={state}");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("state", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_switched_off_rule_raises_nothing()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await StartAsync(time, new() { ["Reminders:Rules:UnansweredReferral:Enabled"] = "false" });
        await host.SubmitAndWaitAsync(Referrals.Valid());
        var accepted = await host.AcceptedCaseAsync(); // the control: a rule still on does fire
        time.Advance(TimeSpan.FromDays(30));
        var raised = await SweepAsync(host);
        Assert.DoesNotContain(raised, r => r.Rule == ReminderCatalogue.UnansweredReferral);
        Assert.Contains(raised, r => r.Rule == ReminderCatalogue.IntakeNotScheduled && r.ReferralId == accepted);
    }

    [Theory]
    [InlineData("Reminders:Rules:UnansweredReferral:After", "P14D", "Reminders:Rules:UnansweredReferral:After")]
    [InlineData("Reminders:Rules:IntakeMissed:Calendar", "Werktage", "Reminders:Rules:IntakeMissed:Calendar")]
    [InlineData("Reminders:Rules:Unanswered:After", "1.00:00:00", "Reminders:Rules:Unanswered")]
    [InlineData("Reminders:SweepInterval", "00:00:00", "Reminders:SweepInterval")]
    [InlineData("Smtp:Host", "127.0.0.1", "Smtp:From")]
    public async Task A_wrong_reminder_setting_stops_the_service_at_start_naming_the_key(string key, string value, string named)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ProviderHost.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset German(int year, int month, int day, int hour, int minute) =>
        HorizontTime.At(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    private static Task<ProviderHost> StartAsync(FakeTimeProvider time, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings.TryAdd("Reminders:SweepInterval", "1.00:00:00");
        return ProviderHost.StartAsync(time, settings);
    }

    private static Task<IReadOnlyList<Reminder>> SweepAsync(ProviderHost host) =>
        host.Services.GetRequiredService<ReminderSweep<CaseDbContext, Case>>().RunAsync(CancellationToken.None);

    private static async Task<List<ReminderView>> ListAsync(ProviderHost host, string state = "open") =>
        (await host.Client.GetFromJsonAsync<List<ReminderView>>($"/provider/api/reminders?state={state}", ProviderHost.Json))!;
}
