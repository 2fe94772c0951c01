using Horizont.Hosting.Retention;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>The Jugendamt's retention (domain.md: a finished referral's personal data is erased 5 years after the last document).</summary>
public sealed class ReferralRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestReferrals.Now;
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_referral_finished_more_than_five_years_ago_loses_its_personal_data_keeps_its_skeleton_and_leaves_an_audit_row()
    {
        var id = await EndedAsync(ReferralStatus.Completed, Now);
        _host.Time.SetUtcNow(Now.AddYears(5).AddDays(2));

        Assert.Equal(1, await _host.App.Services.RunRetentionAsync());

        var referral = (await _host.ReferralAsync(id))!;
        Assert.Equal(_host.Time.GetUtcNow(), referral.ErasedAt);
        Assert.Equal("", referral.Payload);
        Assert.Equal("", referral.FileReference);
        Assert.Equal("", referral.ContentHash);
        Assert.Null(referral.DeclineNote);
        Assert.Null(referral.NonComplianceRecommendation);
        // The skeleton for the statistics stays.
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal(40m, referral.HoursOrdered);
        Assert.Equal(40m, referral.HoursCompleted);
        Assert.Equal("JGG_10", referral.LegalBasis);
        Assert.Equal("horizont-ev", referral.ProviderId);
        var history = await _host.HistoryAsync(id);
        Assert.Contains(history, h => h.Kind == LedgerHistoryKinds.Erased && h.Actor == ErasureAudit.RetentionActor);

        // The caseworker's detail still answers, without the young person.
        var detail = await _host.Client.GetStringAsync($"/jugendamt/api/referrals/{id}");
        AssertNoPersonalData(detail);

        var row = Assert.Single(await _host.AuditAsync(id), a => a.Action == "referral.erase");
        Assert.Equal((ErasureAudit.RetentionActor, "system", JugendamtHost.Agency, ErasureAudit.Retention), (row.Actor, row.ActorKind, row.AgencyId, row.Subject));
        AssertNoPersonalData(System.Text.Json.JsonSerializer.Serialize(row));
    }

    [Fact]
    public async Task An_erased_referral_still_opens_on_the_staff_pages_and_says_gelöscht_instead_of_the_person()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync();
        await host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.Withdrawn);
        host.Time.SetUtcNow(Now.AddYears(6));
        await host.App.Services.RunRetentionAsync();
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var list = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.Referrals + "?status=Withdrawn");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.ReferralOf(id));

        Assert.Contains($"href=\"{JugendamtPageRoutes.ReferralOf(id)}\">gelöscht</a>", list.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>Zuweisung gelöscht</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Keine Angaben gespeichert.", page.Html, StringComparison.Ordinal);
        Assert.Contains("Personenbezogene Daten gelöscht", page.Html, StringComparison.Ordinal);
        AssertNoPersonalData(page.Html);
    }

    [Fact]
    public async Task A_referral_whose_last_event_is_four_years_old_and_a_running_referral_keep_their_data()
    {
        var recent = await EndedAsync(ReferralStatus.Withdrawn, Now.AddYears(1));
        var running = await EndedAsync(ReferralStatus.InProgress, Now);
        _host.Time.SetUtcNow(Now.AddYears(5).AddDays(2));

        Assert.Equal(0, await _host.App.Services.RunRetentionAsync());

        foreach (var id in new[] { recent, running })
        {
            var referral = (await _host.ReferralAsync(id))!;
            Assert.Null(referral.ErasedAt);
            Assert.Contains(TestReferrals.FamilyName, referral.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain(await _host.AuditAsync(id), a => a.Action == "referral.erase");
        }
    }

    [Fact]
    public async Task Two_instances_erasing_the_same_referrals_at_once_erase_each_once_without_failing()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
            ids.Add(await EndedAsync(ReferralStatus.Declined, Now, $"JGH-2026-{i:0000}"));
        _host.Time.SetUtcNow(Now.AddYears(6));

        var runs = await Task.WhenAll(_host.App.Services.RunRetentionAsync(), _host.App.Services.RunRetentionAsync());

        Assert.Equal(4, runs.Sum());
        foreach (var id in ids)
        {
            Assert.Equal("", (await _host.ReferralAsync(id))!.Payload);
            Assert.Single(await _host.AuditAsync(id), a => a.Action == "referral.erase");
        }

        Assert.Equal(0, await _host.App.Services.RunRetentionAsync());
    }

    internal static void AssertNoPersonalData(string text)
    {
        foreach (var value in new[] { TestReferrals.GivenName, TestReferrals.FamilyName, TestReferrals.Email, TestReferrals.AdultBirthDate, "Musterweg", "Sachbearbeiterin", "jgh@example.org", "JGH-2026-", "Berufsschule" })
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    /// <summary>A referral handed over through the API, then set to <paramref name="status"/> with its last change at <paramref name="at"/>.</summary>
    private async Task<Guid> EndedAsync(ReferralStatus status, DateTimeOffset at, string fileReference = "JGH-2026-0815")
    {
        var id = await _host.SubmitReferralAsync(fileReference);
        await _host.UpdateReferralAsync(id, r =>
        {
            r.Status = status;
            r.HoursCompleted = status == ReferralStatus.Completed ? r.HoursOrdered : 0m;
            r.DeclineNote = status == ReferralStatus.Declined ? "Frau Beispielfrau hat angerufen." : null;
            r.UpdatedAt = at;
        });
        return id;
    }
}
