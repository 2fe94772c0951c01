using System.Net;
using System.Text.RegularExpressions;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Pages;
using Horizont.Provider.Tests.Support;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests;

/// <summary>
/// The provider's Eingang page (server-rendered, plain form posts): it lists the submitted referrals, and accepting or
/// declining there is the same step as through the API (same checks, same message, same audit row), for a member of
/// staff's cookie session of the intake roles only.
/// </summary>
public sealed class IntakePageTests
{
    [Fact]
    public async Task The_page_lists_the_submitted_referral_for_an_intake_session()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        var page = await GetPageAsync(host, cookie);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(referral.FileReference!, page.Html, StringComparison.Ordinal);
        Assert.Contains("Annehmen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Interessenkonflikt", page.Html, StringComparison.Ordinal);
        // Nothing was refused yet: no error summary on a plain visit.
        Assert.DoesNotContain("error-summary", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_on_the_page_takes_the_step_sends_ReferralAccepted_and_leaves_an_audit_row()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");
        var page = await GetPageAsync(host, cookie);

        using var response = await PostAsync(host, page, $"annehmen-{referral.ReferralId:N}", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains($"{ProviderPageRoutes.Intake}?angenommen={Uri.EscapeDataString(referral.FileReference!)}", location, StringComparison.Ordinal);
        var detail = await host.GetCaseAsync(referral.ReferralId);
        Assert.Equal(CaseState.Accepted, detail.Status);
        Assert.Contains(detail.History, h => h.Kind == CaseHistoryKinds.Accepted && h.Actor == "i.aufnahme");
        Assert.Equal(referral.ReferralId, Assert.Single(await host.SentAsync<ReferralAccepted>()).ReferralId);
        var audit = Assert.Single(await host.AuditAsync(referral.ReferralId), a => a.Action == "case.accept");
        Assert.Equal(("i.aufnahme", HorizontClaims.KindStaff, Referrals.Provider), (audit.Actor, audit.ActorKind, audit.AgencyId));

        var after = await GetPageAsync(host, cookie, location);
        Assert.Contains("class=\"notice\"", after.Html, StringComparison.Ordinal);
        Assert.Contains($"Die Zuweisung {referral.FileReference} wurde angenommen", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"annehmen-{referral.ReferralId:N}", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_of_a_referral_someone_else_answered_meanwhile_explains_and_changes_nothing()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");
        var page = await GetPageAsync(host, cookie);
        (await host.PostStepAsync(referral.ReferralId, "accept")).EnsureSuccessStatusCode();

        using var response = await PostAsync(host, page, $"ablehnen-{referral.ReferralId:N}", [new("Form.ReasonCode", DeclineReasonCodes.Other)]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains(referral.FileReference!, html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Accepted, (await host.GetCaseAsync(referral.ReferralId)).Status);
        Assert.Empty(await host.SentAsync<ReferralDeclined>());
    }

    [Fact]
    public async Task Declining_on_the_page_with_a_reason_sends_ReferralDeclined()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");
        var page = await GetPageAsync(host, cookie);

        using var response = await PostAsync(host, page, $"ablehnen-{referral.ReferralId:N}",
            [new("Form.ReasonCode", DeclineReasonCodes.NoCapacity), new("Form.Note", "  Alle Plätze bis März belegt.  ")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("abgelehnt=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(CaseState.Declined, (await host.GetCaseAsync(referral.ReferralId)).Status);
        var declined = Assert.Single(await host.SentAsync<ReferralDeclined>());
        Assert.Equal((DeclineReasonCodes.NoCapacity, "Alle Plätze bis März belegt."), (declined.ReasonCode, declined.Note));
        Assert.Single(await host.AuditAsync(referral.ReferralId), a => a.Action == "case.decline" && a.Actor == "t.leitung.browser");
    }

    [Fact]
    public async Task Declining_without_a_reason_shows_the_German_error_next_to_the_field_and_changes_nothing()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");
        var page = await GetPageAsync(host, cookie);

        using var response = await PostAsync(host, page, $"ablehnen-{referral.ReferralId:N}", [new("Form.Note", "Ohne Grund")]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches(new Regex("<p class=\"field-error\" id=\"reasonCode-fehler\"><span>[^<]+</span></p>"), html);
        Assert.Contains("aria-describedby=\"reasonCode-fehler\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("Grund: ", html, StringComparison.Ordinal);
        Assert.Contains("Ohne Grund</textarea>", html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Submitted, (await host.GetCaseAsync(referral.ReferralId)).Status);
        Assert.Empty(await host.OutboxAsync());
        Assert.DoesNotContain(await host.AuditAsync(referral.ReferralId), a => a.Action == "case.decline");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_takes_no_step()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderPageRoutes.Intake)
        {
            Content = new FormUrlEncodedContent([new("_handler", $"annehmen-{referral.ReferralId:N}")]),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await host.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CaseState.Submitted, (await host.GetCaseAsync(referral.ReferralId)).Status);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task A_caseworker_session_gets_403()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");

        var page = await GetPageAsync(host, cookie);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.DoesNotContain(referral.FileReference!, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_key_gets_no_page()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var intake = await host.ClientAsync("k.aufnahme", HorizontRoles.ProviderIntake);

        using var response = await intake.GetAsync(ProviderPageRoutes.Intake);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(referral.FileReference!, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<StaffPage> GetPageAsync(ProviderHost host, string cookie, string path = ProviderPageRoutes.Intake) =>
        StaffPage.GetAsync(host.Anonymous, cookie, path);

    private static Task<HttpResponseMessage> PostAsync(ProviderHost host, StaffPage page, string formName, KeyValuePair<string, string>[] fields) =>
        page.PostAsync(host.Anonymous, formName, fields);
}
