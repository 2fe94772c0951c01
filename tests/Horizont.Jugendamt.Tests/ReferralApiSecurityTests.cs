using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Horizont.Tests.Shared;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// Who may use the Jugendamt's referral API (docs/security-matrix-agencies.md): API keys and bearer tokens of this
/// Jugendamt with the role JugendamtCasework; anybody else is refused, and every read that shows names and every change
/// leaves an audit row without personal data.
/// </summary>
public sealed class ReferralApiSecurityTests(ReferralApiSecurityTests.OneReferral one) : IClassFixture<ReferralApiSecurityTests.OneReferral>
{
    private const string Amendment = """{ "hoursOrdered": 60, "deadline": "2027-03-01", "courtDecisionDate": "2026-11-30" }""";
    private const string Withdrawal = """{ "reasonCode": "MOVED_AWAY", "effectiveDate": "2026-12-15" }""";
    private const string CourtReport = """{ "reportedOn": "2026-12-01" }""";
    private const string OtherJugendamt = "ja-kyffhaeuser";

    /// <summary>Every route of the referral API and of the follow-ups.</summary>
    public static readonly IReadOnlyList<(string Method, string Route)> Routes =
    [
        ("POST", "/jugendamt/api/referrals"),
        ("POST", "/jugendamt/api/referrals/{id}/amend"),
        ("POST", "/jugendamt/api/referrals/{id}/withdraw"),
        ("POST", "/jugendamt/api/referrals/{id}/court-report"),
        ("POST", "/jugendamt/api/referrals/{id}/erase"),
        ("GET", "/jugendamt/api/referrals/{id}"),
        ("GET", "/jugendamt/api/referrals"),
        ("GET", "/jugendamt/api/follow-ups"),
        ("POST", "/jugendamt/api/follow-ups/{id}/acknowledge"),
    ];

    public static TheoryData<string, string> AllRoutes() => Data(Routes);

    /// <summary>Every cell of the matrix that refuses: each route for each role but JugendamtCasework.</summary>
    public static TheoryData<string, string, string> RefusedCells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, route) in Routes)
        {
            foreach (var role in HorizontRoles.All.Where(r => r != HorizontRoles.JugendamtCasework))
                data.Add(method, route, role);
        }

        return data;
    }

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
    public async Task A_role_other_than_Jugendamt_casework_is_refused(string method, string route, string role)
    {
        var agency = HorizontRoles.Provider.Contains(role) ? "horizont-ev" : JugendamtHost.Agency;
        var client = await one.Host.ClientAsync("k." + role.ToLowerInvariant(), role, agency);

        using var response = await client.SendAsync(Request(method, route, one.ReferralId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await one.AssertNothingShownOrChangedAsync(response);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task A_key_of_another_Jugendamt_finds_nothing(string method, string route)
    {
        var other = await one.Host.ClientAsync("fremd.jgh", HorizontRoles.JugendamtCasework, OtherJugendamt);

        using var response = await other.SendAsync(Request(method, route, one.ReferralId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await one.AssertNothingShownOrChangedAsync(response);
    }

    [Fact]
    public async Task A_forged_user_header_changes_nothing_the_actor_is_the_key()
    {
        await using var host = await JugendamtHost.StartAsync();
        var id = await host.SubmitReferralAsync();
        await host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        var client = await host.ClientAsync("p.sachbearbeiterin");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/jugendamt/api/referrals/{id}/amend") { Content = Json(Amendment) };
        request.Headers.Add("X-Horizont-User", "<script>chef</script>");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var history = await host.HistoryAsync(id);
        Assert.Equal(("AmendReferral", "p.sachbearbeiterin"), (history[^1].Kind, history[^1].Actor));
        Assert.DoesNotContain(history, h => h.Actor.Contains("chef", StringComparison.Ordinal) || h.Detail.Contains("chef", StringComparison.Ordinal));
        var audit = (await host.AuditAsync(id)).First(a => a.Action == "referral.amend");
        Assert.Equal(("p.sachbearbeiterin", HorizontClaims.KindKey), (audit.Actor, audit.ActorKind));
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        await using var host = await JugendamtHost.StartAsync();
        using var client = host.KeyClient(await host.IssueKeyAsync("altes.fachverfahren", HorizontRoles.JugendamtCasework));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jugendamt/api/referrals")).StatusCode);

        await using (var scope = host.App.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().RevokeAsync("altes.fachverfahren", "admin", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/jugendamt/api/referrals")).StatusCode);
        using var submit = await client.PostAsync("/jugendamt/api/referrals", Json(TestReferrals.Json().ToJsonString()));
        Assert.Equal(HttpStatusCode.Unauthorized, submit.StatusCode);
        Assert.Equal(0, await host.Ledger(db => db.Referrals.CountAsync()));
    }

    [Fact]
    public async Task A_cross_site_form_post_with_a_valid_session_cookie_hands_nothing_over()
    {
        await using var host = await JugendamtHost.StartAsync(StaffSession.AddSignIn(JugendamtHost.Agency, HorizontRoles.JugendamtCasework));
        var cookie = await StaffSession.SignInAsync(host.Anonymous, "p.sachbearbeiterin");

        var form = TestReferrals.Json().AsObject().Where(p => p.Value is JsonValue)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.ToString())).ToList();
        using var post = StaffSession.CrossSite(HttpMethod.Post, "/jugendamt/api/referrals", cookie);
        post.Content = new FormUrlEncodedContent(form);
        using var response = await host.Anonymous.SendAsync(post);
        // The session cookie counts on no route of the API, whatever the body.
        using var read = await host.Anonymous.SendAsync(StaffSession.CrossSite(HttpMethod.Get, "/jugendamt/api/referrals", cookie));

        Assert.False(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(0, await host.Ledger(db => db.Referrals.CountAsync()));
        Assert.Empty(await host.OutboxAsync());
        Assert.DoesNotContain(await host.AuditAsync(), a => a.Action.StartsWith("referral.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_and_changes_leave_audit_rows_with_ids_and_no_personal_data()
    {
        await using var host = await JugendamtHost.StartAsync();
        var caseworker = await host.ClientAsync("p.sachbearbeiterin");
        var json = TestReferrals.MinorJson();
        using (var submitted = await caseworker.PostAsync("/jugendamt/api/referrals", Json(json.ToJsonString())))
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = Assert.Single(await host.Ledger(db => db.Referrals.Select(r => r.Id).ToListAsync()));
        var list = await caseworker.GetFromJsonAsync<JsonArray>("/jugendamt/api/referrals");
        (await caseworker.GetAsync($"/jugendamt/api/referrals/{id}")).EnsureSuccessStatusCode();
        await host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.InProgress);
        Assert.Equal(HttpStatusCode.Accepted, (await caseworker.PostAsync($"/jugendamt/api/referrals/{id}/amend", Json(Amendment))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await caseworker.PostAsync($"/jugendamt/api/referrals/{id}/withdraw", Json(Withdrawal))).StatusCode);
        // A refused change (not completed) leaves no row.
        Assert.Equal(HttpStatusCode.Conflict, (await caseworker.PostAsync($"/jugendamt/api/referrals/{id}/court-report", Json(CourtReport))).StatusCode);
        await host.UpdateReferralAsync(id, r =>
        {
            r.Status = ReferralStatus.Completed;
            r.CompletedOn = new DateOnly(2026, 11, 30);
        });
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsync($"/jugendamt/api/referrals/{id}/court-report", Json(CourtReport))).StatusCode);

        var rows = (await host.AuditAsync()).Where(a => a.Actor == "p.sachbearbeiterin").Reverse().ToList();
        var expected = new List<(string, Guid?, string?, int)>
        {
            ("referral.submit", id, null, 202),
            ("referral.list", null, $"{list!.Count} rows", 200),
            ("referral.read", id, null, 200),
            ("referral.amend", id, null, 202),
            ("referral.withdraw", id, null, 202),
            ("referral.court-report", id, null, 200),
        };
        Assert.Equal(expected, rows.Select(a => (a.Action, a.ReferralId, a.Subject, a.Status)));
        Assert.All(rows, a => Assert.Equal((HorizontClaims.KindKey, JugendamtHost.Agency), (a.ActorKind, a.AgencyId)));
        AssertNoPersonalData(await host.AuditAsync());
    }

    [Fact]
    public async Task A_referral_read_from_the_intake_folder_is_audited_as_the_intake_folder()
    {
        await using var host = await JugendamtHost.StartAsync();
        host.Drop("zuweisung.json", TestReferrals.Bytes(TestReferrals.MinorJson()));

        await host.ProcessInboxAsync();

        var id = Assert.Single(await host.Ledger(db => db.Referrals.Select(r => r.Id).ToListAsync()));
        var row = Assert.Single(await host.AuditAsync(id));
        Assert.Equal(("referral.submit", IntakeProcessor.IntakeAuditActor, "system", JugendamtHost.Agency, 0),
            (row.Action, row.Actor, row.ActorKind, row.AgencyId, row.Status));

        // The same file again changes nothing and leaves no second row.
        host.Drop("zuweisung-2.json", TestReferrals.Bytes(TestReferrals.MinorJson()));
        await host.ProcessInboxAsync();
        Assert.Single(await host.AuditAsync(id));
        AssertNoPersonalData(await host.AuditAsync());
    }

    private static void AssertNoPersonalData(IReadOnlyList<AuditEntry> rows)
    {
        var everything = JsonSerializer.Serialize(rows);
        foreach (var personal in new[]
                 {
                     TestReferrals.GivenName, TestReferrals.FamilyName, TestReferrals.MinorBirthDate, "02.05.2010", TestReferrals.Email, "Musterweg",
                     "3631 123456", "JGH-2026-0815",
                 })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A request for a route of <see cref="Routes"/>, with a body that would be valid.</summary>
    private static HttpRequestMessage Request(string method, string route, Guid referralId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", referralId.ToString(), StringComparison.Ordinal));
        if (method == "POST")
        {
            request.Content = Json(route.Split('/')[^1] switch
            {
                "referrals" => TestReferrals.Json().ToJsonString(),
                "amend" => Amendment,
                "withdraw" => Withdrawal,
                "court-report" => CourtReport,
                _ => "{}",
            });
        }

        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static TheoryData<string, string> Data(IEnumerable<(string, string)> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var (a, b) in rows)
            data.Add(a, b);
        return data;
    }

    /// <summary>
    /// One Jugendamt with one referral handed over (status Submitted), shared by the refusal tests: a refused request
    /// changes nothing, so each starts from the same ledger.
    /// </summary>
    public sealed class OneReferral : IAsyncLifetime
    {
        internal JugendamtHost Host { get; private set; } = null!;

        public Guid ReferralId { get; private set; }

        public async Task InitializeAsync()
        {
            Host = await JugendamtHost.StartAsync();
            ReferralId = await Host.SubmitReferralAsync();
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();

        /// <summary>The answer shows neither the young person nor the referral; the ledger, the outbox and the audit trail are as before.</summary>
        public async Task AssertNothingShownOrChangedAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(TestReferrals.FamilyName, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ReferralId.ToString(), body, StringComparison.Ordinal);
            var referral = Assert.Single(await Host.Ledger(db => db.Referrals.AsNoTracking().ToListAsync()));
            Assert.Equal((ReferralId, ReferralStatus.Submitted), (referral.Id, referral.Status));
            Assert.Single(await Host.OutboxAsync());
            Assert.DoesNotContain(await Host.AuditAsync(), a => a.Actor != JugendamtHost.CaseSystem);
        }
    }
}
