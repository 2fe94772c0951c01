using System.Net;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Provider.Pages;
using Horizont.Provider.Tests.Support;
using Horizont.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using static Horizont.Provider.Tests.Support.CaseSteps;

namespace Horizont.Provider.Tests;

/// <summary>
/// Einsatzstellen pages: the list with free places, filters and the out-of-date hint; the form that creates, changes and
/// deactivates an entry through the API's rules and audit rows; intake staff read the list only.
/// </summary>
public sealed class PlacementSitePagesTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private static KeyValuePair<string, string>[] Fields(string name = "Tafel Nordstadt", string places = "5", bool active = true, params string[] categories)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("Form.Name", name), new("Form.Street", "Bahnhofstraße 3"), new("Form.PostalCode", "99734"), new("Form.City", "Nordhausen"),
            new("Form.Places", places), new("Form.Schedule", "Mo–Fr 9–13 Uhr"), new("Form.MinimumAge", ""), new("Form.ContactName", "Frau Berger"),
        ];
        fields.AddRange((categories.Length == 0 ? ["SOCIAL"] : categories).Select(c => new KeyValuePair<string, string>("Form.Categories", c)));
        if (active)
            fields.Add(new("Form.Active", "true"));
        return [.. fields];
    }

    [Fact]
    public async Task A_new_site_with_errors_names_each_field_and_keeps_the_input_then_is_saved_and_listed_with_free_places()
    {
        await using var host = await ProviderHost.StartAsync(_time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");
        var form = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.NewSite);
        Assert.Equal(HttpStatusCode.OK, form.Status);

        using var refused = await form.PostAsync(host.Anonymous, "einsatzstelle", Fields(name: "", places: "viele"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await StaffPage.TextOf(refused);
        Assert.Contains("Name: Name fehlt.", html, StringComparison.Ordinal);
        Assert.Contains("Plätze: " + PlacementSites.PlacesMessage, html, StringComparison.Ordinal);
        Assert.Contains("value=\"viele\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Frau Berger\"", html, StringComparison.Ordinal);

        using var saved = await form.PostAsync(host.Anonymous, "einsatzstelle", Fields(categories: ["SOCIAL", "SPORT"]));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await StaffPage.GetAsync(host.Anonymous, cookie, saved.Headers.Location!.ToString());
        Assert.Contains("Die Einsatzstelle „Tafel Nordstadt“ ist gespeichert.", list.Html, StringComparison.Ordinal);
        Assert.Contains("5 von 5", list.Html, StringComparison.Ordinal);
        Assert.Contains("Soziale Einrichtung, Sportverein", list.Html, StringComparison.Ordinal);
        Assert.Contains(await host.AuditAsync(), a => a.Action == "site.create" && a.Actor == "c.fallarbeit");
    }

    [Fact]
    public async Task A_site_is_changed_and_deactivated_and_the_filters_and_free_places_follow()
    {
        await using var host = await ProviderHost.StartAsync(_time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var site = await PlacementSiteApiTests.CreateAsync(host, PlacementSiteApiTests.Site(places: 2));
        await PlacementSiteApiTests.CreateAsync(host, PlacementSiteApiTests.Site(name: "SV Einheit", categories: ["SPORT"]));
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        await host.StepAsync(id, "intake/held", new { date = "2026-12-01" });
        await host.StepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = site.Id });
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");

        var social = await StaffPage.GetAsync(host.Anonymous, cookie, $"{ProviderPageRoutes.Sites}?kategorie=SOCIAL");
        Assert.Contains("1 von 2", social.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("SV Einheit", social.Html, StringComparison.Ordinal);

        var edit = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Site(site.Id));
        Assert.Contains("value=\"Frau Berger\"", edit.Html, StringComparison.Ordinal);
        Assert.Contains(await host.AuditAsync(), a => a.Action == "site.read" && a.Subject == $"site {site.Id}");
        using var saved = await edit.PostAsync(host.Anonymous, "einsatzstelle", Fields(name: "Tafel Nordhausen", places: "3", active: false));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var onlyActive = await StaffPage.GetAsync(host.Anonymous, cookie, $"{ProviderPageRoutes.Sites}?aktiv=ja");
        Assert.DoesNotContain("Tafel Nordhausen", onlyActive.Html, StringComparison.Ordinal);
        Assert.Contains("SV Einheit", onlyActive.Html, StringComparison.Ordinal);
        var all = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Sites);
        Assert.Contains("2 von 3", all.Html, StringComparison.Ordinal);
        Assert.Contains("nicht aktiv", all.Html, StringComparison.Ordinal);
        Assert.Contains(await host.AuditAsync(), a => a.Action == "site.update" && a.Subject == $"site {site.Id}");
    }

    [Fact]
    public async Task An_entry_not_changed_for_over_a_year_is_flagged_to_be_checked()
    {
        await using var host = await ProviderHost.StartAsync(_time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderCasework));
        await PlacementSiteApiTests.CreateAsync(host, PlacementSiteApiTests.Site());
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");
        Assert.DoesNotContain("seit über einem Jahr nicht geprüft", (await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Sites)).Html, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(370));
        cookie = await StaffSession.SignInAsync(host.Anonymous, "c.fallarbeit");

        Assert.Contains("seit über einem Jahr nicht geprüft", (await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Sites)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_staff_see_the_list_without_edit_links_and_get_no_form()
    {
        await using var host = await ProviderHost.StartAsync(_time, configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderIntake));
        var site = await PlacementSiteApiTests.CreateAsync(host, PlacementSiteApiTests.Site());
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "i.aufnahme");

        var list = await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Sites);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Tafel Nordstadt", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderPageRoutes.Site(site.Id), list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderPageRoutes.NewSite, list.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.NewSite)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await StaffPage.GetAsync(host.Anonymous, cookie, ProviderPageRoutes.Site(site.Id))).Status);
    }
}
