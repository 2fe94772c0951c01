using System.Net;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Pages;
using Horizont.Provider.Tests.Support;
using Horizont.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Provider.Tests;

/// <summary>
/// The provider's Fälle list and Fallakte: what they show, which step forms a state and role get, and that a step taken
/// on the page is the API's step (same checks, same message to the Jugendamt, same audit row).
/// </summary>
public sealed class CasePagesTests
{
    [Fact]
    public async Task The_list_shows_running_cases_with_their_name_and_finds_one_by_file_reference()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var first = Referrals.Valid();
        var second = Referrals.Valid() with { ReferralId = Guid.NewGuid(), FileReference = "JGH-2026-4711" };
        await host.AcceptedCaseAsync(first);
        await host.AcceptedCaseAsync(second);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");

        var all = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Cases);
        var found = await StaffPage.GetAsync(host.Anonymous, cookie, $"{ProviderPageRoutes.Cases}?aktenzeichen=4711");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Contains(first.FileReference!, all.Html, StringComparison.Ordinal);
        Assert.Contains(second.FileReference, all.Html, StringComparison.Ordinal);
        Assert.Contains(first.YoungPerson!.FamilyName, all.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{ProviderPageRoutes.Case(first.ReferralId)}\"", all.Html, StringComparison.Ordinal);
        Assert.Contains("2 Fälle", all.Html, StringComparison.Ordinal);
        Assert.Contains(second.FileReference!, found.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(first.FileReference!, found.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await host.AuditAsync()).Count(a => a.Action == "case.list" && a.Actor == "c.fallarbeit"));
    }

    [Fact]
    public async Task A_state_filter_the_list_does_not_know_is_explained_in_German()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, $"{ProviderPageRoutes.Cases}?status=Erfunden");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Diesen Status gibt es nicht", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_file_shows_the_young_person_and_offers_only_the_steps_of_its_state_and_audits_the_read()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var referral = Referrals.Valid();
        var id = await host.AcceptedCaseAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(referral.YoungPerson!.GivenName, page.Html, StringComparison.Ordinal);
        Assert.Contains("schritt-ScheduleIntake", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("schritt-LogHours", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("schritt-ArrangePlacement", page.Html, StringComparison.Ordinal);
        Assert.Contains("Zuweisung angenommen", page.Html, StringComparison.Ordinal);
        Assert.Single(await host.AuditAsync(id), a => a.Action == "case.read" && a.Actor == "t.leitung.browser");
    }

    [Fact]
    public async Task Scheduling_the_intake_meeting_on_the_page_is_the_API_step()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var id = await host.AcceptedCaseAsync();
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));

        using var response = await page.PostAsync(host.Anonymous, "schritt-ScheduleIntake", [new("Form.IntakeAppointment", "2026-12-03T10:00")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"{ProviderPageRoutes.Case(id)}?erledigt=ScheduleIntake", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(CaseState.IntakeScheduled, (await host.GetCaseAsync(id)).Status);
        var sent = Assert.Single(await host.SentAsync<IntakeMeetingRecorded>());
        Assert.Equal(IntakeOutcomeCodes.Scheduled, sent.Outcome);
        Assert.Single(await host.AuditAsync(id), a => a.Action == "case.intake-schedule" && a.Actor == "i.aufnahme");
        var after = await StaffPage.GetAsync(host.Anonymous, cookie, response.Headers.Location!.ToString());
        Assert.Contains("Erledigt: Ein Erstgespräch terminieren", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hours_that_are_not_a_number_are_refused_next_to_the_field_and_a_valid_entry_moves_the_running_total()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var id = await host.PlacedCaseAsync();
        time.SetGermanTime(2026, 12, 3);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        Assert.Contains("Bisher geleistet: <strong>0 von 40 Stunden</strong>", page.Html, StringComparison.Ordinal);

        using var refused = await page.PostAsync(host.Anonymous, "schritt-LogHours", [new("Form.ShiftDate", "2026-12-02"), new("Form.Hours", "drei")]);
        var refusedHtml = await StaffPage.TextOf(refused);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"hours-fehler\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("„drei“ ist keine Zahl", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"drei\"", refusedHtml, StringComparison.Ordinal);
        Assert.Empty(await host.SentAsync<HoursReported>());

        using var logged = await page.PostAsync(host.Anonymous, "schritt-LogHours",
            [new("Form.ShiftDate", "2026-12-02"), new("Form.Hours", "2,5"), new("Form.HoursNote", "Laub gerecht")]);
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var detail = await host.GetCaseAsync(id);
        Assert.Equal((CaseState.InProgress, 2.5m), (detail.Status, detail.HoursCompleted));
        Assert.Equal(2.5m, Assert.Single(await host.SentAsync<HoursReported>()).HoursCompleted);
        var after = await StaffPage.GetAsync(host.Anonymous, cookie, logged.Headers.Location!.ToString());
        Assert.Contains("Bisher geleistet: <strong>2,5 von 40 Stunden</strong>, offen: <strong>37,5 Stunden</strong>", after.Html, StringComparison.Ordinal);
        Assert.Contains("Laub gerecht", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_intake_role_gets_no_hours_form_and_a_forged_post_is_refused_with_403()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var id = await host.PlacedCaseAsync();
        time.SetGermanTime(2026, 12, 3);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        Assert.DoesNotContain("schritt-LogHours", page.Html, StringComparison.Ordinal);

        using var response = await page.PostAsync(host.Anonymous, "schritt-LogHours", [new("Form.ShiftDate", "2026-12-02"), new("Form.Hours", "3")]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Ihre Rolle darf diesen Schritt nicht ausführen", await StaffPage.TextOf(response), StringComparison.Ordinal);
        Assert.Equal(0m, (await host.GetCaseAsync(id)).HoursCompleted);
        Assert.Empty(await host.SentAsync<HoursReported>());
    }

    [Fact]
    public async Task A_form_of_a_step_someone_else_took_meanwhile_explains_with_409_and_changes_nothing()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        await host.StepAsync(id, "intake/held", new { date = "2026-12-01" });

        using var response = await page.PostAsync(host.Anonymous, "schritt-RecordIntakeMissed", [new("Form.IntakeDate", "2026-12-01")]);
        var html = await StaffPage.TextOf(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("Erstgespräch als versäumt erfassen", html, StringComparison.Ordinal);
        Assert.Equal(CaseState.IntakeHeld, (await host.GetCaseAsync(id)).Status);
        Assert.DoesNotContain(await host.AuditAsync(id), a => a.Action == "case.intake-missed");
    }

    [Fact]
    public async Task Completing_is_offered_once_all_hours_are_done_and_sends_ReferralCompleted()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var id = await host.PlacedCaseAsync();
        time.SetGermanTime(2026, 12, 20);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");
        var ordered = (await host.GetCaseAsync(id)).HoursOrdered;
        for (var day = 2; ordered > 0; day++)
        {
            var hours = Math.Min(8m, ordered);
            await host.LogAsync(id, $"2026-12-{day:00}", hours);
            ordered -= hours;
        }

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        Assert.Contains("schritt-Complete", page.Html, StringComparison.Ordinal);
        using var response = await page.PostAsync(host.Anonymous, "schritt-Complete", [new("Form.CompletedOn", "2026-12-19")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CaseState.Completed, (await host.GetCaseAsync(id)).Status);
        Assert.Single(await host.SentAsync<ReferralCompleted>());
        var after = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        Assert.Contains("keine Schritte mehr möglich", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_placement_form_offers_the_catalogue_with_free_places_and_a_picked_site_becomes_the_placement()
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var site = await PlacementSiteApiTests.CreateAsync(host, PlacementSiteApiTests.Site(places: 3));
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        await host.StepAsync(id, "intake/held", new { date = "2026-12-01" });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(id));
        Assert.Contains("Tafel Nordstadt, Nordhausen – 3 von 3 Plätzen frei (Soziale Einrichtung)", page.Html, StringComparison.Ordinal);

        using var wrongCategory = await page.PostAsync(host.Anonymous, "schritt-ArrangePlacement",
            [new("Form.SiteId", site.Id.ToString()), new("Form.Category", PlacementCategoryCodes.Sport), new("Form.StartDate", "2026-12-02")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCategory.StatusCode);
        Assert.Contains("Die Einsatzstelle bietet diese Kategorie nicht an.", await StaffPage.TextOf(wrongCategory), StringComparison.Ordinal);

        using var placed = await page.PostAsync(host.Anonymous, "schritt-ArrangePlacement",
            [new("Form.SiteId", site.Id.ToString()), new("Form.Category", PlacementCategoryCodes.Social), new("Form.StartDate", "2026-12-02")]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var detail = await host.GetCaseAsync(id);
        Assert.Equal(("Tafel Nordstadt", (Guid?)site.Id), (detail.Placement!.Name, detail.Placement.SiteId));
        Assert.Equal(PlacementCategoryCodes.Social, Assert.Single(await host.SentAsync<PlacementArranged>()).Category);
    }

    [Fact]
    public async Task A_case_of_no_referral_here_says_so_in_German()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Case(Guid.NewGuid()));

        Assert.Contains("Fall nicht gefunden", page.Html, StringComparison.Ordinal);
    }
}
