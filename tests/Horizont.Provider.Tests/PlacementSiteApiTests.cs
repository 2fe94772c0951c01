using System.Net;
using System.Net.Http.Json;
using Horizont.Hosting.Security;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Horizont.Provider.Tests.Support.CaseSteps;
using static Horizont.Provider.Tests.Support.Problems;

namespace Horizont.Provider.Tests;

/// <summary>
/// The Einsatzstellen catalogue through the API: who may keep it, its German field errors, places computed from the
/// cases placed there, and a placement chosen from it (active, a free place, the category, the minimum age).
/// </summary>
public sealed class PlacementSiteApiTests
{
    private readonly FakeTimeProvider _time = new(Start);

    internal static object Site(string name = "Tafel Nordstadt", int places = 2, string[]? categories = null, int? minimumAge = null, bool active = true) => new
    {
        name,
        street = "Bahnhofstraße 3",
        postalCode = "99734",
        city = "Nordhausen",
        categories = categories ?? [PlacementCategoryCodes.Social],
        places,
        schedule = "Mo–Fr 9–13 Uhr",
        minimumAge,
        excludedOffences = "keine Gewaltdelikte",
        contactName = "Frau Berger",
        contactPhone = "03631 123456",
        contactEmail = "berger@tafel.example",
        accidentInsuranceNote = "Unfallkasse Thüringen",
        active,
    };

    internal static async Task<PlacementSiteResponse> CreateAsync(ProviderHost host, object site)
    {
        var response = await host.Client.PostAsJsonAsync("/provider/api/sites", site);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PlacementSiteResponse>(ProviderHost.Json))!;
    }

    [Fact]
    public async Task A_site_is_created_read_changed_and_deactivated_with_an_audit_row_each()
    {
        await using var host = await ProviderHost.StartAsync(_time);

        var created = await CreateAsync(host, Site());
        Assert.Equal(("Tafel Nordstadt", 2, 0, 2, true, ProviderHost.Staff), (created.Name, created.Places, created.PlacesInUse, created.PlacesFree, created.Active, created.UpdatedBy));

        var changed = await host.Client.PutAsJsonAsync($"/provider/api/sites/{created.Id}", Site(name: "Tafel Nordhausen", places: 5, active: false));
        changed.EnsureSuccessStatusCode();
        var read = (await host.Client.GetFromJsonAsync<PlacementSiteResponse>($"/provider/api/sites/{created.Id}", ProviderHost.Json))!;
        Assert.Equal(("Tafel Nordhausen", 5, false), (read.Name, read.Places, read.Active));

        var onlyActive = (await host.Client.GetFromJsonAsync<List<PlacementSiteResponse>>("/provider/api/sites?active=true", ProviderHost.Json))!;
        Assert.Empty(onlyActive);
        var all = (await host.Client.GetFromJsonAsync<List<PlacementSiteResponse>>("/provider/api/sites", ProviderHost.Json))!;
        Assert.Equal(created.Id, Assert.Single(all).Id);

        var actions = (await host.AuditAsync()).Select(a => (a.Action, a.Subject)).ToList();
        Assert.Contains(("site.create", $"site {created.Id}"), actions);
        Assert.Contains(("site.update", $"site {created.Id}"), actions);
        Assert.Contains(("site.read", $"site {created.Id}"), actions);
    }

    [Fact]
    public async Task A_site_without_its_required_fields_is_refused_naming_each_field_in_german()
    {
        await using var host = await ProviderHost.StartAsync(_time);

        var response = await host.Client.PostAsJsonAsync("/provider/api/sites", new { name = " ", places = 0, categories = new[] { "FARM" }, postalCode = "123", minimumAge = 5 });

        var problem = await ValidationProblemOf(response);
        Assert.Equal("Name fehlt.", Assert.Single(problem.Errors["name"]));
        Assert.Equal(PlacementSites.PlacesMessage, Assert.Single(problem.Errors["places"]));
        Assert.Contains("Unbekannter Wert 'FARM'", Assert.Single(problem.Errors["categories"]), StringComparison.Ordinal);
        Assert.Contains("fünf Ziffern", Assert.Single(problem.Errors["postalCode"]), StringComparison.Ordinal);
        Assert.Equal(PlacementSites.MinimumAgeMessage, Assert.Single(problem.Errors["minimumAge"]));
        foreach (var field in new[] { "street", "city", "schedule", "contactName" })
            Assert.True(problem.Errors.ContainsKey(field), field);
        Assert.Empty((await host.Client.GetFromJsonAsync<List<PlacementSiteResponse>>("/provider/api/sites", ProviderHost.Json))!);
    }

    [Fact]
    public async Task Intake_staff_read_the_catalogue_but_may_not_change_it()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var site = await CreateAsync(host, Site());
        var intake = await host.ClientAsync("i.aufnahme", HorizontRoles.ProviderIntake);

        Assert.Equal(HttpStatusCode.OK, (await intake.GetAsync("/provider/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.PostAsJsonAsync("/provider/api/sites", Site(name: "Andere"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.PutAsJsonAsync($"/provider/api/sites/{site.Id}", Site(active: false))).StatusCode);

        var casework = await host.ClientAsync("c.fall", HorizontRoles.ProviderCasework);
        Assert.Equal(HttpStatusCode.OK, (await casework.PutAsJsonAsync($"/provider/api/sites/{site.Id}", Site(places: 3))).StatusCode);
    }

    [Fact]
    public async Task A_placement_at_a_site_takes_its_name_and_a_place_and_tells_the_jugendamt_the_category_only()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var site = await CreateAsync(host, Site(places: 2, categories: [PlacementCategoryCodes.Social, PlacementCategoryCodes.Environment]));
        var id = await IntakeHeldAsync(host);

        var placed = await host.StepAsync(id, "placement", new { category = "ENVIRONMENT", startDate = "2026-12-02", siteId = site.Id });

        Assert.Equal(CaseState.Placed, placed.Status);
        var detail = await host.GetCaseAsync(id);
        Assert.Equal(("Tafel Nordstadt", (Guid?)site.Id), (detail.Placement!.Name, detail.Placement.SiteId));
        var message = Assert.Single(await host.SentAsync<PlacementArranged>());
        Assert.Equal(PlacementCategoryCodes.Environment, message.Category);
        Assert.DoesNotContain("Tafel", System.Text.Json.JsonSerializer.Serialize(message), StringComparison.Ordinal);
        var after = (await host.Client.GetFromJsonAsync<PlacementSiteResponse>($"/provider/api/sites/{site.Id}", ProviderHost.Json))!;
        Assert.Equal((1, 1), (after.PlacesInUse, after.PlacesFree));
    }

    [Fact]
    public async Task A_full_site_is_refused_and_a_case_moving_within_it_does_not_count_twice()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var site = await CreateAsync(host, Site(places: 1));
        var first = await IntakeHeldAsync(host);
        await host.StepAsync(first, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = site.Id });
        var second = await IntakeHeldAsync(host);

        var problem = await ValidationProblemOf(await host.PostStepAsync(second, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = site.Id }));

        Assert.Contains("keinen freien Platz", Assert.Single(problem.Errors["siteId"]), StringComparison.Ordinal);
        Assert.Equal(CaseState.IntakeHeld, (await host.GetCaseAsync(second)).Status);
        // The first case changing its start date at the same site takes no second place.
        await host.StepAsync(first, "placement", new { category = "SOCIAL", startDate = "2026-12-03", siteId = site.Id });
    }

    [Fact]
    public async Task An_inactive_site_a_missing_site_and_a_category_the_site_does_not_offer_are_refused_naming_the_field()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var inactive = await CreateAsync(host, Site(active: false));
        var sport = await CreateAsync(host, Site(name: "SV Einheit", categories: [PlacementCategoryCodes.Sport]));
        var id = await IntakeHeldAsync(host);

        var notActive = await ValidationProblemOf(await host.PostStepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = inactive.Id }));
        Assert.Contains("nicht aktiv", Assert.Single(notActive.Errors["siteId"]), StringComparison.Ordinal);

        var missing = await ValidationProblemOf(await host.PostStepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = Guid.NewGuid() }));
        Assert.Contains("gibt es nicht", Assert.Single(missing.Errors["siteId"]), StringComparison.Ordinal);

        var category = await ValidationProblemOf(await host.PostStepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = sport.Id }));
        Assert.Contains("Kategorie nicht an", Assert.Single(category.Errors["category"]), StringComparison.Ordinal);
        Assert.Equal(CaseState.IntakeHeld, (await host.GetCaseAsync(id)).Status);
    }

    [Fact]
    public async Task A_site_for_adults_only_refuses_a_minor_at_the_start_date_and_takes_them_from_their_birthday()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var adults = await CreateAsync(host, Site(minimumAge: 18));
        var id = await IntakeHeldAsync(host); // born 2009-04-17: 17 in December 2026

        var minor = await ValidationProblemOf(await host.PostStepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = adults.Id }));
        Assert.Contains("ab 18 Jahren", Assert.Single(minor.Errors["siteId"]), StringComparison.Ordinal);

        Assert.Equal(17, PlacementSites.AgeOn(Referrals.DateOfBirth, new DateOnly(2027, 4, 16)));
        Assert.Equal(18, PlacementSites.AgeOn(Referrals.DateOfBirth, new DateOnly(2027, 4, 17)));
    }

    [Fact]
    public async Task Without_a_site_the_placement_still_needs_a_name_and_clears_an_earlier_site()
    {
        await using var host = await ProviderHost.StartAsync(_time);
        var site = await CreateAsync(host, Site());
        var id = await IntakeHeldAsync(host);
        await host.StepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02", siteId = site.Id });

        var noName = await ValidationProblemOf(await host.PostStepAsync(id, "placement", new { category = "SOCIAL", startDate = "2026-12-02" }));
        Assert.True(noName.Errors.ContainsKey("name"));

        await host.StepAsync(id, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = "2026-12-02" });
        var detail = await host.GetCaseAsync(id);
        Assert.Equal((Cases.PlacementName, (Guid?)null), (detail.Placement!.Name, detail.Placement.SiteId));
        var after = (await host.Client.GetFromJsonAsync<PlacementSiteResponse>($"/provider/api/sites/{site.Id}", ProviderHost.Json))!;
        Assert.Equal(0, after.PlacesInUse);
    }

    private static async Task<Guid> IntakeHeldAsync(ProviderHost host)
    {
        var id = await host.AcceptedCaseAsync();
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        await host.StepAsync(id, "intake/held", new { date = "2026-12-01" });
        return id;
    }
}
