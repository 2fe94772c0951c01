using System.Net;
using Horizont.Hosting.Pages;
using Horizont.Hosting.Security;
using Horizont.Hosting.Tests.Security;

namespace Horizont.Hosting.Tests.Pages;

/// <summary>
/// The shared page core: a registered area's pages (here Hosting's own start page, registered as an area of the agency
/// <see cref="SecurityHost.Agency"/>) open only to a cookie session of that agency's staff, with the navigation of their role.
/// </summary>
public sealed class StaffPagesTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SecurityHost.StartAsync(services: s => s.AddStaffPages(new StaffArea("Träger · Test", typeof(StaffPages).Assembly, SecurityHost.Agency,
        [
            new StaffLink("Eingang", "/provider/eingang", HorizontRoles.ProviderIntake),
            new StaffLink("Fälle", "/provider/faelle", HorizontRoles.Provider),
        ])));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Staff_of_the_agency_get_the_German_start_page_with_the_links_of_their_role()
    {
        using var caseworker = await _host.SignInAsync("f.arbeit", HorizontRoles.ProviderCasework);

        using var answer = await caseworker.GetAsync("/");
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("Angemeldet als <strong>f.arbeit</strong> (Fallarbeit)", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/provider/faelle\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/provider/eingang\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_of_another_agency_are_refused()
    {
        using var other = await _host.SignInAsync("fremd", HorizontRoles.ProviderCasework, agency: "brueckenbau-ev");

        using var answer = await other.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task Without_a_session_or_with_an_API_key_no_page_is_shown()
    {
        using var anonymous = await _host.Client.GetAsync("/");
        using var withKey = await (await _host.ClientWithRoleAsync("skript", HorizontRoles.ProviderCasework)).GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_and_script_are_served_to_anyone_and_hold_no_data()
    {
        using var css = await _host.Client.GetAsync(StaffPages.AssetPath + "/horizont.css");
        using var js = await _host.Client.GetAsync(StaffPages.AssetPath + "/horizont.js");
        using var other = await _host.Client.GetAsync(StaffPages.AssetPath + "/appsettings.json");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
