using System.Net;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Provider.Pages;
using Horizont.Provider.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests;

/// <summary>
/// Erinnerungen: each member of staff sees the reminders of their team (the team lead every team) and acknowledges one
/// through the same code as the API; a second acknowledgement explains who was first.
/// </summary>
public sealed class ReminderPagesTests
{
    [Fact]
    public async Task Intake_staff_see_their_team_s_reminder_only_and_acknowledge_it()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var intake = await RaiseAsync(host, ReminderCatalogue.UnansweredReferral, ReminderTeams.ProviderIntake, "JGH-2026-0001");
        await RaiseAsync(host, ReminderCatalogue.NoHoursLogged, ReminderTeams.ProviderCasework, "JGH-2026-0002");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Reminders);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("JGH-2026-0001", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("JGH-2026-0002", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{ProviderPageRoutes.Case(intake.ReferralId)}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Quittieren<span class=\"visually-hidden\">", page.Html, StringComparison.Ordinal);

        using var response = await page.PostAsync(host.Anonymous, $"quittieren-{intake.Id:N}", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await ReminderAsync(host, intake.Id);
        Assert.Equal((ReminderState.Acknowledged, "i.aufnahme"), (stored.State, stored.AcknowledgedBy));
        var after = await StaffPage.GetAsync(host.Anonymous, cookie, response.Headers.Location!.ToString());
        Assert.Contains("Die Erinnerung zu JGH-2026-0001 ist quittiert.", after.Html, StringComparison.Ordinal);
        Assert.Contains("Keine offenen Erinnerungen für Ihr Team.", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_lead_sees_every_team_and_a_second_acknowledgement_explains_who_was_first()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var casework = await RaiseAsync(host, ReminderCatalogue.NoHoursLogged, ReminderTeams.ProviderCasework, "JGH-2026-0002");
        await RaiseAsync(host, ReminderCatalogue.UnansweredReferral, ReminderTeams.ProviderIntake, "JGH-2026-0001");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Reminders);
        Assert.Contains("JGH-2026-0001", page.Html, StringComparison.Ordinal);
        Assert.Contains("JGH-2026-0002", page.Html, StringComparison.Ordinal);
        (await host.Client.PostAsync($"/provider/api/reminders/{casework.Id}/acknowledge", null)).EnsureSuccessStatusCode();

        using var response = await page.PostAsync(host.Anonymous, $"quittieren-{casework.Id:N}", []);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"von {ProviderHost.Staff} quittiert", await StaffPage.TextOf(response), StringComparison.Ordinal);
    }

    private static Task<Reminder> RaiseAsync(ProviderHost host, string rule, string team, string fileReference) =>
        ReminderRows.RaiseAsync<CaseDbContext>(host.Services, rule, team, fileReference);

    private static Task<Reminder> ReminderAsync(ProviderHost host, Guid id) => ReminderRows.FindAsync<CaseDbContext>(host.Services, id);
}
