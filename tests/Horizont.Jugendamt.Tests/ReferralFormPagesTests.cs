using System.Net;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// The caseworkers' forms: Neue Zuweisung, and the amendment and withdrawal on a referral's page. They fill the same
/// drafts as a file or the API, so the same rules refuse the same input, naming the field next to it.
/// </summary>
public sealed class ReferralFormPagesTests
{
    private static readonly KeyValuePair<string, string>[] ValidReferral =
    [
        new("Form.FileReference", "JGH-2026-1234"),
        new("Form.ProviderId", "horizont-ev"),
        new("Form.LegalBasis", "JGG_10"),
        new("Form.HoursOrdered", "40"),
        new("Form.Deadline", "2027-06-30"),
        new("Form.ConsequencesExplained", "ja"),
        new("Form.GivenName", "Mara"),
        new("Form.FamilyName", "Formularfeld"),
        new("Form.DateOfBirth", "2008-05-01"),
        new("Form.WorkConstraints", "NO_ANIMALS"),
        new("Form.CaseworkerName", "Petra Sachbearbeiterin"),
    ];

    [Fact]
    public async Task A_valid_new_referral_is_handed_over_once_even_when_the_form_is_sent_twice()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var form = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.NewReferral);
        Assert.Equal(HttpStatusCode.OK, form.Status);

        // The browser sends the form's hidden submission id with the fields, twice on a double click.
        var submission = System.Text.RegularExpressions.Regex.Match(form.Html, "name=\"Form.SubmissionId\" value=\"([^\"]+)\"").Groups[1].Value;
        KeyValuePair<string, string>[] fields = [.. ValidReferral, new("Form.SubmissionId", submission)];
        using var first = await form.PostAsync(host.Anonymous, "neue-zuweisung", fields);
        using var second = await form.PostAsync(host.Anonymous, "neue-zuweisung", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var id = Guid.Parse(first.Headers.Location!.AbsolutePath.Split('/')[^1]);
        var referral = await host.ReferralAsync(id);
        Assert.NotNull(referral);
        Assert.Equal(("JGH-2026-1234", "horizont-ev", ReferralStatus.Submitted), (referral.FileReference, referral.ProviderId, referral.Status));
        Assert.Single(await host.OutboxAsync(), m => m.MessageType.EndsWith(":SubmitReferral", StringComparison.Ordinal));
        Assert.Equal(2, (await host.AuditAsync(id)).Count(a => a.Action == "referral.submit" && a.Actor == "p.sachbearbeiterin"));
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, first.Headers.Location.ToString());
        Assert.Contains("Die Zuweisung wurde an den Träger übergeben.", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_input_is_named_next_to_each_field_and_what_was_typed_stays()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var form = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.NewReferral);

        using var response = await form.PostAsync(host.Anonymous, "neue-zuweisung",
            [new("Form.FileReference", "JGH-2026-5555"), new("Form.HoursOrdered", "viel"), new("Form.DateOfBirth", "2015-01-01")]);
        var html = await StaffPage.TextOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"providerId-fehler\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"hoursOrdered-fehler\"", html, StringComparison.Ordinal);
        Assert.Contains("Keine Zahl (z. B. 40 oder 12,5).", html, StringComparison.Ordinal);
        Assert.Contains("id=\"youngPerson-dateOfBirth-fehler\"", html, StringComparison.Ordinal);
        Assert.Contains("Träger: ", html, StringComparison.Ordinal);
        Assert.Contains("value=\"JGH-2026-5555\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"viel\"", html, StringComparison.Ordinal);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task An_amendment_on_the_page_is_sent_to_the_provider_and_audited()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        await host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.ReferralOf(id));
        Assert.Contains("Zuweisung ändern (nach Gerichtsentscheidung)", page.Html, StringComparison.Ordinal);

        using var refused = await page.PostAsync(host.Anonymous, "aenderung", [new("Change.HoursOrdered", "60")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"courtDecisionDate-fehler\"", await StaffPage.TextOf(refused), StringComparison.Ordinal);

        using var sent = await page.PostAsync(host.Anonymous, "aenderung", [new("Change.HoursOrdered", "60"), new("Change.CourtDecisionDate", "2026-11-30")]);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var referral = await host.ReferralAsync(id);
        Assert.Equal((ReferralStatus.Amended, 60m), (referral!.Status, referral.HoursOrdered));
        Assert.Single(await host.OutboxAsync(), m => m.MessageType.EndsWith(":AmendReferral", StringComparison.Ordinal));
        Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.amend" && a.Actor == "p.sachbearbeiterin");
    }

    [Fact]
    public async Task A_withdrawal_needs_the_confirmation_and_is_then_sent()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.ReferralOf(id));
        KeyValuePair<string, string>[] fields = [new("Change.ReasonCode", "MOVED_AWAY"), new("Change.EffectiveDate", "2026-12-01")];

        using var unconfirmed = await page.PostAsync(host.Anonymous, "beendigung", fields);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("Bitte bestätigen Sie die Beendigung.", await StaffPage.TextOf(unconfirmed), StringComparison.Ordinal);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.MessageType.EndsWith(":WithdrawReferral", StringComparison.Ordinal));

        using var confirmed = await page.PostAsync(host.Anonymous, "beendigung", [.. fields, new("Change.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(ReferralStatus.WithdrawalRequested, (await host.ReferralAsync(id))!.Status);
        Assert.Single(await host.OutboxAsync(), m => m.MessageType.EndsWith(":WithdrawReferral", StringComparison.Ordinal));
        Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.withdraw");
    }

    [Fact]
    public async Task A_referral_not_yet_accepted_offers_no_amendment_and_a_forged_one_is_explained_with_409()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.ReferralOf(id));
        Assert.DoesNotContain("Zuweisung ändern (nach Gerichtsentscheidung)", page.Html, StringComparison.Ordinal);

        using var response = await page.PostAsync(host.Anonymous, "aenderung", [new("Change.HoursOrdered", "60"), new("Change.CourtDecisionDate", "2026-11-30")]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("noch nicht angenommen", await StaffPage.TextOf(response), StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Submitted, (await host.ReferralAsync(id))!.Status);
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.MessageType.EndsWith(":AmendReferral", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_session_gets_no_form()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.ProviderIntake));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        var form = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.NewReferral);

        Assert.Equal(HttpStatusCode.Forbidden, form.Status);
        Assert.DoesNotContain("neue-zuweisung", form.Html, StringComparison.Ordinal);
    }
}
