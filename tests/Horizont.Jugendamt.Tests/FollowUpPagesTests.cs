using System.Net;
using Horizont.Hosting.Reminders;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>Wiedervorlagen: the Jugendamt's follow-ups in the shared reminder list, linked to the referral's page, acknowledged there.</summary>
public sealed class FollowUpPagesTests
{
    [Fact]
    public async Task A_follow_up_is_listed_with_a_link_to_its_referral_and_acknowledged_by_the_caseworker()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        var followUp = await ReminderRows.RaiseAsync<LedgerDbContext>(host.App.Services, ReminderCatalogue.CourtReportAfterCompletion,
            ReminderTeams.JugendamtCasework, "JGH-2026-0815", id);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.FollowUps);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Wiedervorlagen</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{JugendamtPageRoutes.ReferralOf(id)}\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.FamilyName, page.Html, StringComparison.Ordinal);

        using var response = await page.PostAsync(host.Anonymous, $"quittieren-{followUp.Id:N}", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await ReminderRows.FindAsync<LedgerDbContext>(host.App.Services, followUp.Id);
        Assert.Equal((ReminderState.Acknowledged, "p.sachbearbeiterin"), (stored.State, stored.AcknowledgedBy));
    }
}
