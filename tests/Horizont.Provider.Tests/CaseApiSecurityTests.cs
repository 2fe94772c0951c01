using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting.Security;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests;

/// <summary>
/// Who may use the provider's case API (docs/security-matrix-agencies.md): API keys of the provider with a provider
/// role, each step for its roles; anybody else is refused, and every read and step leaves an audit row without a name.
/// </summary>
public sealed class CaseApiSecurityTests(CaseApiSecurityTests.OneCase one) : IClassFixture<CaseApiSecurityTests.OneCase>
{
    /// <summary>Every route of the case API, with the roles that may use it.</summary>
    public static readonly IReadOnlyList<(string Method, string Route, string[] Roles)> Routes =
    [
        ("GET", "/provider/api/cases", HorizontRoles.Provider),
        ("GET", "/provider/api/cases/{id}", HorizontRoles.Provider),
        ("POST", "/provider/api/cases/{id}/accept", [HorizontRoles.ProviderIntake, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/decline", [HorizontRoles.ProviderIntake, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/intake/schedule", HorizontRoles.Provider),
        ("POST", "/provider/api/cases/{id}/intake/held", HorizontRoles.Provider),
        ("POST", "/provider/api/cases/{id}/intake/missed", HorizontRoles.Provider),
        ("POST", "/provider/api/cases/{id}/placement", [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/hours", [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/noncompliance", [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/extension-request", [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead]),
        ("POST", "/provider/api/cases/{id}/complete", [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead]),
        ("GET", "/provider/api/reminders", HorizontRoles.Provider),
        ("POST", "/provider/api/reminders/{id}/acknowledge", HorizontRoles.Provider),
    ];

    public static TheoryData<string, string> AllRoutes() => Data(Routes.Select(r => (r.Method, r.Route)));

    /// <summary>Every cell of the matrix that refuses: a route and a role that must not use it.</summary>
    public static TheoryData<string, string, string> RefusedCells() =>
        Data(Routes.SelectMany(r => HorizontRoles.All.Except(r.Roles).Select(role => (r.Method, r.Route, role))));

    /// <summary>Every cell that lets the caller through to the case.</summary>
    public static TheoryData<string, string, string> AllowedCells() =>
        Data(Routes.SelectMany(r => r.Roles.Select(role => (r.Method, r.Route, role))));

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Anonymous_caller_is_refused_on_every_route(string method, string route)
    {
        using var response = await one.Host.Anonymous.SendAsync(Request(method, route, one.ReferralId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await one.AssertNothingShownOrChangedAsync(response);
    }

    [Theory]
    [MemberData(nameof(RefusedCells))]
    public async Task A_role_that_may_not_use_a_route_is_refused(string method, string route, string role)
    {
        var agency = role is HorizontRoles.JugendamtCasework ? Referrals.Jugendamt : Referrals.Provider;
        var client = await one.Host.ClientAsync("k." + role.ToLowerInvariant(), role, agency);

        using var response = await client.SendAsync(Request(method, route, one.ReferralId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await one.AssertNothingShownOrChangedAsync(response);
    }

    [Theory]
    [MemberData(nameof(AllowedCells))]
    public async Task A_role_that_may_use_a_route_gets_through_to_the_case(string method, string route, string role)
    {
        var client = await one.Host.ClientAsync("k." + role.ToLowerInvariant(), role);
        var unknown = Guid.NewGuid();

        using var response = await client.SendAsync(Request(method, route, unknown));

        // Past the role check: the list answers, a step or a detail looks for the case (404 naming it, or 400 for its input).
        Assert.DoesNotContain(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        if (response.StatusCode == HttpStatusCode.NotFound && route.Contains("/cases/", StringComparison.Ordinal))
            Assert.Contains(unknown.ToString(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task A_key_of_another_provider_finds_nothing(string method, string route)
    {
        var other = await one.Host.ClientAsync("fremd.leitung", HorizontRoles.ProviderTeamLead, Referrals.OtherProvider);

        using var response = await other.SendAsync(Request(method, route, one.ReferralId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await one.AssertNothingShownOrChangedAsync(response);
    }

    [Fact]
    public async Task A_forged_user_header_changes_nothing_the_actor_is_the_key()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var client = await host.ClientAsync("m.mueller", HorizontRoles.ProviderIntake);
        const string forged = "<script>chef</script>";

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/provider/api/cases/{referral.ReferralId}/accept");
        request.Headers.Add("X-Horizont-User", forged);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = await host.GetCaseAsync(referral.ReferralId);
        Assert.Contains(detail.History, h => h.Kind == CaseHistoryKinds.Accepted && h.Actor == "m.mueller");
        Assert.DoesNotContain(detail.History, h => h.Actor.Contains("chef", StringComparison.Ordinal) || (h.Detail?.Contains("chef", StringComparison.Ordinal) ?? false));
        var audit = (await host.AuditAsync(referral.ReferralId)).Single(a => a.Action == "case.accept");
        Assert.Equal(("m.mueller", HorizontClaims.KindKey), (audit.Actor, audit.ActorKind));
    }

    [Fact]
    public async Task A_cross_site_form_post_with_a_valid_session_cookie_takes_no_step()
    {
        await using var host = await ProviderHost.StartAsync(configure: StaffSession.AddSignIn(Referrals.Provider, HorizontRoles.ProviderTeamLead));
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "t.leitung.browser");

        using var accept = StaffSession.CrossSite(HttpMethod.Post, $"/provider/api/cases/{referral.ReferralId}/accept", cookie);
        accept.Content = new FormUrlEncodedContent([new("confirm", "1")]);
        using var response = await host.Anonymous.SendAsync(accept);
        using var read = await host.Anonymous.SendAsync(StaffSession.CrossSite(HttpMethod.Get, $"/provider/api/cases/{referral.ReferralId}", cookie));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.DoesNotContain(Referrals.FamilyName, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseState.Submitted, (await host.GetCaseAsync(referral.ReferralId)).Status);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        await using var host = await ProviderHost.StartAsync();
        using var client = host.KeyClient(await host.IssueKeyAsync("bald.weg", HorizontRoles.ProviderCasework));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/provider/api/cases")).StatusCode);

        await using (var scope = host.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().RevokeAsync("bald.weg", "admin", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/provider/api/cases")).StatusCode);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null)).StatusCode);
        Assert.Equal(CaseState.Submitted, (await host.GetCaseAsync(referral.ReferralId)).Status);
    }

    [Fact]
    public async Task Reads_and_steps_leave_audit_rows_with_ids_and_no_personal_data()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid() with
        {
            YoungPerson = Referrals.Valid().YoungPerson! with { Address = "Wolkenkuckucksweg 17, 99734 Nordhausen", Email = "malvina.q@example.org" },
        };
        await host.SubmitAndWaitAsync(referral);
        var intake = await host.ClientAsync("i.aufnahme", HorizontRoles.ProviderIntake);
        var caseworker = await host.ClientAsync("c.fallarbeit", HorizontRoles.ProviderCasework);

        var list = await intake.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases", ProviderHost.Json);
        (await intake.GetAsync($"/provider/api/cases/{referral.ReferralId}")).EnsureSuccessStatusCode();
        (await intake.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null)).EnsureSuccessStatusCode();
        (await caseworker.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/intake/schedule", new { date = "2026-12-01T08:30" })).EnsureSuccessStatusCode();
        // A refused step (the case is not in progress) changes nothing and leaves no row.
        Assert.Equal(HttpStatusCode.Conflict, (await caseworker.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/complete", new { completedOn = "2026-12-01" })).StatusCode);

        var rows = (await host.AuditAsync()).Where(a => a.Actor != ProviderHost.Staff).Reverse().ToList();
        Assert.Collection(rows,
            a => Assert.Equal(("case.list", "i.aufnahme", (Guid?)null, $"{list!.Count} rows"), (a.Action, a.Actor, a.ReferralId, a.Subject)),
            a => Assert.Equal(("case.read", "i.aufnahme", (Guid?)referral.ReferralId), (a.Action, a.Actor, a.ReferralId)),
            a => Assert.Equal(("case.accept", "i.aufnahme", (Guid?)referral.ReferralId), (a.Action, a.Actor, a.ReferralId)),
            a => Assert.Equal(("case.intake-schedule", "c.fallarbeit", (Guid?)referral.ReferralId), (a.Action, a.Actor, a.ReferralId)));
        Assert.All(rows, a => Assert.Equal((HorizontClaims.KindKey, Referrals.Provider, 200), (a.ActorKind, a.AgencyId, a.Status)));

        var everything = JsonSerializer.Serialize(await host.AuditAsync());
        foreach (var personal in new[]
                 {
                     Referrals.GivenName, Referrals.FamilyName, Referrals.Phone, "Wolkenkuckucksweg", "malvina.q", "2009-04-17", "17.04.2009",
                     referral.FileReference!,
                 })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// One provider with one submitted case, shared by the refusal tests: a refused request changes nothing, so each
    /// test still starts from the same case (and a refusal that let a change through fails the tests after it, too).
    /// </summary>
    public sealed class OneCase : IAsyncLifetime
    {
        internal ProviderHost Host { get; private set; } = null!;

        public Guid ReferralId { get; private set; }

        public async Task InitializeAsync()
        {
            Host = await ProviderHost.StartAsync();
            ReferralId = (await Host.SubmitAndWaitAsync(Referrals.Valid())).ReferralId;
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();

        /// <summary>The answer shows neither the young person nor the case; the case, the outbox and the audit trail are as before.</summary>
        public async Task AssertNothingShownOrChangedAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Referrals.FamilyName, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ReferralId.ToString(), body, StringComparison.Ordinal);
            Assert.Equal(CaseState.Submitted, (await Host.GetCaseAsync(ReferralId)).Status);
            Assert.Empty(await Host.OutboxAsync());
            Assert.DoesNotContain(await Host.AuditAsync(ReferralId), a => a.Actor != ProviderHost.Staff);
        }
    }

    /// <summary>A request for a route of <see cref="Routes"/>; a step carries a body that would be valid.</summary>
    private static HttpRequestMessage Request(string method, string route, Guid referralId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", referralId.ToString(), StringComparison.Ordinal));
        if (method == "POST")
            request.Content = JsonContent.Create(BodyOf(route));
        return request;
    }

    private static object BodyOf(string route) => route.Split('/', 6)[^1] switch
    {
        "decline" => new { reasonCode = "NO_CAPACITY" },
        "intake/schedule" => new { date = "2026-12-01T08:30" },
        "intake/held" or "intake/missed" => new { date = "2026-12-01" },
        "placement" => new { category = "SOCIAL", name = Cases.PlacementName, startDate = "2026-12-02" },
        "hours" => new { date = "2026-12-01", hours = 3 },
        "noncompliance" => new { reasonCode = "NO_SHOW" },
        "extension-request" => new { reasonCode = "ILLNESS", proposedDeadline = "2027-03-01" },
        "complete" => new { completedOn = "2026-12-01" },
        _ => new { },
    };

    private static TheoryData<T1, T2> Data<T1, T2>(IEnumerable<(T1, T2)> rows)
    {
        var data = new TheoryData<T1, T2>();
        foreach (var (a, b) in rows)
            data.Add(a, b);
        return data;
    }

    private static TheoryData<T1, T2, T3> Data<T1, T2, T3>(IEnumerable<(T1, T2, T3)> rows)
    {
        var data = new TheoryData<T1, T2, T3>();
        foreach (var (a, b, c) in rows)
            data.Add(a, b, c);
        return data;
    }
}
