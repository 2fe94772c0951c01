using System.Net;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// The caseworkers' pages Zuweisungen and Zuweisung: server-rendered from the same ledger query as the API, for a
/// JugendamtCasework session of this Jugendamt only; the detail shows the young person's name and leaves an audit row.
/// </summary>
public sealed class ReferralPagesTests
{
    private const string OtherJugendamt = "ja-kyffhaeuser";

    [Fact]
    public async Task The_list_shows_a_submitted_referral_and_the_status_filter_narrows_it()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var submitted = await host.SubmitReferralAsync("JGH-2026-0815");
        var accepted = await host.SubmitReferralAsync("JGH-2026-0999");
        await host.UpdateReferralAsync(accepted, r =>
        {
            r.Status = ReferralStatus.InProgress;
            r.Flags = ["OVERDUE"];
            r.HoursCompleted = 12.5m;
        });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var (status, all) = await GetAsync(host, JugendamtPageRoutes.Referrals, cookie);
        var (_, onlySubmitted) = await GetAsync(host, $"{JugendamtPageRoutes.Referrals}?status=Submitted", cookie);
        var (_, inProgress) = await GetAsync(host, $"{JugendamtPageRoutes.Referrals}?status=InProgress&traeger=horizont-ev&aktenzeichen=0999", cookie);
        var (_, noMatch) = await GetAsync(host, $"{JugendamtPageRoutes.Referrals}?aktenzeichen=gibt-es-nicht", cookie);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("JGH-2026-0815", all);
        Assert.Contains("JGH-2026-0999", all);
        Assert.Contains($"href=\"{JugendamtPageRoutes.ReferralOf(submitted)}\"", all);
        Assert.Contains("zugewiesen", all);
        Assert.Contains("Zuweisung übergeben", all);
        Assert.Contains("30.06.2027", all);
        Assert.DoesNotContain(TestReferrals.FamilyName, all);

        Assert.Contains("JGH-2026-0815", onlySubmitted);
        Assert.DoesNotContain("JGH-2026-0999", onlySubmitted);

        Assert.Contains("JGH-2026-0999", inProgress);
        Assert.DoesNotContain("JGH-2026-0815", inProgress);
        Assert.Contains("überfällig", inProgress);
        Assert.Contains("12,5 / 40", inProgress);

        Assert.Contains("Keine Zuweisungen gefunden", noMatch);
        var list = (await host.AuditAsync()).Where(a => a.Action == "referral.list" && a.ActorKind == HorizontClaims.KindStaff).ToList();
        Assert.Equal(["0 rows", "1 rows", "1 rows", "2 rows"], list.Select(a => a.Subject));
    }

    [Fact]
    public async Task The_detail_shows_the_facts_and_the_history_newest_first_and_is_audited()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        await host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        using (var amended = await host.Client.PostAsync($"/jugendamt/api/referrals/{id}/amend", new StringContent(
            """{ "hoursOrdered": 60, "deadline": "2027-03-01", "courtDecisionDate": "2026-11-30" }""", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Accepted, amended.StatusCode);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var (status, page) = await GetAsync(host, JugendamtPageRoutes.ReferralOf(id), cookie);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Zuweisung JGH-2026-0815", page);
        Assert.Contains($"{TestReferrals.GivenName} {TestReferrals.FamilyName}", page);
        Assert.Contains("14.03.2006", page);
        Assert.Contains("Weisung des Gerichts (§ 10 JGG)", page);
        Assert.Contains("01.03.2027", page);
        Assert.Contains("horizont-ev", page);
        Assert.Contains("geändert", page);
        var amendedAt = page.IndexOf("Änderung gesendet", StringComparison.Ordinal);
        var submittedAt = page.IndexOf("Zuweisung übergeben", StringComparison.Ordinal);
        Assert.True(amendedAt > 0 && submittedAt > amendedAt, "the history is newest first");

        var read = Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.read");
        Assert.Equal(("p.sachbearbeiterin", HorizontClaims.KindStaff, JugendamtHost.Agency, 200),
            (read.Actor, read.ActorKind, read.AgencyId, read.Status));
    }

    [Fact]
    public async Task An_unknown_referral_says_so_in_german_and_is_not_audited()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var unknown = Guid.NewGuid();

        var (status, page) = await GetAsync(host, JugendamtPageRoutes.ReferralOf(unknown), cookie);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Zuweisung nicht gefunden", page);
        Assert.DoesNotContain("Junger Mensch", page);
        Assert.DoesNotContain(await host.AuditAsync(), a => a.Action == "referral.read");
    }

    [Theory]
    [InlineData(HorizontRoles.ProviderCasework, JugendamtHost.Agency)]
    [InlineData(HorizontRoles.ProviderTeamLead, "horizont-ev")]
    [InlineData(HorizontRoles.Operations, JugendamtHost.Agency)]
    [InlineData(HorizontRoles.JugendamtCasework, OtherJugendamt)]
    public async Task A_session_of_another_role_or_agency_is_refused(string role, string agency)
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(agency, role));
        var id = await host.SubmitReferralAsync();
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "fremd");

        var (listStatus, list) = await GetAsync(host, JugendamtPageRoutes.Referrals, cookie);
        var (detailStatus, detail) = await GetAsync(host, JugendamtPageRoutes.ReferralOf(id), cookie);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (listStatus, detailStatus));
        Assert.DoesNotContain("JGH-2026-0815", list + detail);
        Assert.DoesNotContain(TestReferrals.FamilyName, detail);
        Assert.DoesNotContain(await host.AuditAsync(), a => a.Action is "referral.read" or "referral.list" && a.ActorKind == HorizontClaims.KindStaff);
    }

    [Fact]
    public async Task Without_a_session_or_with_an_API_key_there_is_no_page()
    {
        await using var host = await JugendamtHost.StartAsync();
        var id = await host.SubmitReferralAsync();

        foreach (var path in new[] { JugendamtPageRoutes.Referrals, JugendamtPageRoutes.ReferralOf(id) })
        {
            using var anonymous = await host.Anonymous.GetAsync(path);
            using var key = await host.Client.GetAsync(path);

            Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, key.StatusCode);
            Assert.False(key.IsSuccessStatusCode, $"an API key got {(int)key.StatusCode} on {path}");
            Assert.DoesNotContain("JGH-2026-0815", await anonymous.Content.ReadAsStringAsync() + await key.Content.ReadAsStringAsync());
        }

        Assert.DoesNotContain(await host.AuditAsync(), a => a.Action == "referral.read");
    }

    /// <summary>The page's status and its text with HTML entities decoded (the renderer encodes umlauts).</summary>
    private static async Task<(HttpStatusCode Status, string Text)> GetAsync(JugendamtHost host, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await host.Anonymous.SendAsync(request);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
