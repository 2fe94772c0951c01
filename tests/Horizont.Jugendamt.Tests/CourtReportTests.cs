using System.Net;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Pages;
using Horizont.Jugendamt.Reports;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using Horizont.Tests.Shared;
using PdfSharp.Pdf.IO;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// Bericht an das Gericht: a draft from the ledger for a completion or a non-compliance, downloadable as PDF, and
/// recorded as sent through the API's own code (completion: Closed; non-compliance: bei Justiz).
/// </summary>
public sealed class CourtReportTests
{
    [Fact]
    public void The_draft_of_a_completion_names_the_order_the_course_and_the_outcome_in_German()
    {
        var referral = Completed();
        var facts = new CourtReportFacts(referral, "Lena", "Beispiel", new DateOnly(2008, 3, 14), "Jugendamt Nordhausen", "Horizont e. V.", "Petra Sachbearbeiterin");

        var text = CourtReportDraft.Write(facts, CourtReportAddressees.Court, new DateOnly(2027, 2, 1));

        Assert.Null(CourtReportDraft.WhyNot(referral));
        Assert.Contains("Bericht über die Erledigung der Arbeitsstunden", text, StringComparison.Ordinal);
        Assert.Contains("Betrifft: Lena Beispiel, geboren am 14.03.2008", text, StringComparison.Ordinal);
        Assert.Contains("Weisung des Gerichts (§ 10 JGG) wurden 40 Arbeitsstunden angeordnet, abzuleisten bis zum 30.06.2027", text, StringComparison.Ordinal);
        Assert.Contains("an den Träger Horizont e. V. vermittelt", text, StringComparison.Ordinal);
        Assert.Contains("Das Erstgespräch beim Träger fand am 07.12.2026 statt.", text, StringComparison.Ordinal);
        Assert.Contains("im Bereich „Soziale Einrichtung“ ab dem 10.12.2026", text, StringComparison.Ordinal);
        Assert.Contains("am 25.01.2027 gemeldet, dass die/der Jugendliche alle 40 Stunden abgeleistet hat", text, StringComparison.Ordinal);
        Assert.Contains("Petra Sachbearbeiterin", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_draft_of_a_non_compliance_gives_the_reason_the_hours_done_the_reminders_and_the_recommendation()
    {
        var referral = Completed();
        referral.CompletedOn = null;
        referral.Status = ReferralStatus.NonComplianceReported;
        referral.HoursCompleted = 12.5m;
        referral.NonComplianceReportedAt = new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.Zero);
        referral.NonComplianceReasonCode = NonComplianceReasonCodes.UnexcusedAbsences;
        referral.NonComplianceRemindedOn = [new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 12)];
        referral.NonComplianceRecommendation = "Gespräch mit der Jugendgerichtshilfe.";
        var facts = new CourtReportFacts(referral, "Lena", "Beispiel", new DateOnly(2008, 3, 14), "Jugendamt Nordhausen", "Horizont e. V.", "P. S.");

        var text = CourtReportDraft.Write(facts, CourtReportAddressees.Court, new DateOnly(2027, 2, 1));

        Assert.Contains("Bericht über die Nichterfüllung der Arbeitsstunden", text, StringComparison.Ordinal);
        Assert.Contains("(Grund: Unentschuldigte Fehlzeiten)", text, StringComparison.Ordinal);
        Assert.Contains("Bis dahin wurden 12,5 von 40 Stunden abgeleistet.", text, StringComparison.Ordinal);
        Assert.Contains("am 05.01.2027, 12.01.2027 an die Ableistung erinnert", text, StringComparison.Ordinal);
        Assert.Contains("Empfehlung des Trägers: Gespräch mit der Jugendgerichtshilfe.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_referral_has_no_report_yet()
    {
        var referral = Completed();
        referral.CompletedOn = null;
        referral.Status = ReferralStatus.InProgress;

        Assert.Contains("sobald der Träger die Erledigung oder die Nichterfüllung gemeldet hat", CourtReportDraft.WhyNot(referral), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_drafts_the_report_the_PDF_downloads_and_recording_it_closes_the_referral()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        await host.UpdateReferralAsync(id, r =>
        {
            r.Status = ReferralStatus.Completed;
            r.HoursCompleted = r.HoursOrdered;
            r.CompletedOn = new DateOnly(2026, 11, 28);
        });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.CourtReportOf(id));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Bericht über die Erledigung der Arbeitsstunden", page.Html, StringComparison.Ordinal);
        Assert.Contains(TestReferrals.FamilyName, page.Html, StringComparison.Ordinal);
        Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.read" && a.Subject == "Bericht");

        using var pdf = await page.PostAsync(host.Anonymous, "", [new("Report.Text", "Bericht\n\nGeändert von Hand.")], CourtReportEndpoints.PdfPath(id));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Bericht-JGH-2026-0815.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar ?? pdf.Content.Headers.ContentDisposition.FileName);
        using (var document = PdfReader.Open(await pdf.Content.ReadAsStreamAsync(), PdfDocumentOpenMode.Import))
            Assert.Equal(1, document.PageCount);
        Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.court-report-pdf");

        using var sent = await page.PostAsync(host.Anonymous, "versandt", [new("Sent.ReportedOn", "2026-11-30")]);

        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, await StaffPage.TextOf(sent));
        var referral = await host.ReferralAsync(id);
        Assert.Equal((ReferralStatus.Closed, new DateOnly(2026, 11, 30)), (referral!.Status, referral.CourtReportedOn));
        Assert.Single(await host.AuditAsync(id), a => a.Action == "referral.court-report");
    }

    [Fact]
    public async Task A_non_compliance_report_recorded_as_sent_waits_for_the_court()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        await host.UpdateReferralAsync(id, r =>
        {
            r.Status = ReferralStatus.NonComplianceReported;
            r.NonComplianceReportedAt = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
            r.NonComplianceReasonCode = NonComplianceReasonCodes.NoShow;
        });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.CourtReportOf(id));
        Assert.Contains("Bericht über die Nichterfüllung der Arbeitsstunden", page.Html, StringComparison.Ordinal);

        using var sent = await page.PostAsync(host.Anonymous, "versandt", [new("Sent.ReportedOn", "2026-11-30")]);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(ReferralStatus.AwaitingCourt, (await host.ReferralAsync(id))!.Status);
    }

    [Fact]
    public async Task A_PDF_asked_for_without_the_page_s_antiforgery_token_or_by_another_role_is_refused_and_not_audited()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");
        using var forged = new HttpRequestMessage(HttpMethod.Post, CourtReportEndpoints.PdfPath(id))
        {
            Content = new FormUrlEncodedContent([new("Report.Text", "Bericht")]),
        };
        forged.Headers.Add("Cookie", cookie);

        using var response = await host.Anonymous.SendAsync(forged);
        var key = await host.ClientAsync("fachverfahren.bericht");
        using var withKey = await key.PostAsync(CourtReportEndpoints.PdfPath(id), new FormUrlEncodedContent([new("Report.Text", "Bericht")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True((int)withKey.StatusCode is 401 or 403, $"an API key got {(int)withKey.StatusCode}");
        Assert.DoesNotContain(await host.AuditAsync(id), a => a.Action == "referral.court-report-pdf");
    }

    [Fact]
    public async Task A_running_referral_s_page_explains_why_there_is_no_report()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var id = await host.SubmitReferralAsync("JGH-2026-0815");
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var page = await StaffPage.GetAsync(host.Anonymous, cookie, JugendamtPageRoutes.CourtReportOf(id));

        Assert.Contains("sobald der Träger die Erledigung oder die Nichterfüllung gemeldet hat", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Berichtstext", page.Html, StringComparison.Ordinal);
    }

    private static Referral Completed() => new()
    {
        Id = Guid.NewGuid(),
        FileReference = "JGH-2026-0815",
        ProviderId = "horizont-ev",
        LegalBasis = LegalBasisCodes.Jgg10,
        HoursOrdered = 40,
        HoursCompleted = 40,
        Deadline = new DateOnly(2027, 6, 30),
        Status = ReferralStatus.Completed,
        ContentHash = "x",
        Payload = "{}",
        SubmittedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
        AnsweredAt = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero),
        IntakeOutcome = IntakeOutcomeCodes.Held,
        IntakeMeetingDate = new DateOnly(2026, 12, 7),
        PlacementCategory = PlacementCategoryCodes.Social,
        PlacementStartDate = new DateOnly(2026, 12, 10),
        CompletedOn = new DateOnly(2027, 1, 25),
        LastShiftDate = new DateOnly(2027, 1, 24),
    };
}
