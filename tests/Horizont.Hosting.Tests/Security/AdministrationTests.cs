using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Hosting.Security;

namespace Horizont.Hosting.Tests.Security;

/// <summary><c>/admin/api/keys</c> and <c>/admin/api/audit</c>: for an Administrator's key only; reading the audit is audited.</summary>
public sealed class AdministrationTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private SecurityHost _host = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        _admin = await _host.ClientWithRoleAsync("a.admin", HorizontRoles.Administrator);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_administrator_creates_lists_and_revokes_a_key()
    {
        using var created = await _admin.PostAsJsonAsync(Administration.Keys, new { name = "ja.fallsystem", agency = "ja-nordhausen", role = "JugendamtCasework" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<CreatedApiKey>(Json);
        var secret = body!.Secret;
        Assert.Equal("a.admin", body.Key.CreatedBy);
        using (var machine = _host.ClientWithKey(secret))
            Assert.Equal("any", await machine.GetStringAsync(TestRoutes.AnyApi));

        var listing = await _admin.GetStringAsync(Administration.Keys);
        Assert.Contains("ja.fallsystem", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[^43..], listing, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listing, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("salt", listing, StringComparison.OrdinalIgnoreCase);

        using var revoked = await _admin.DeleteAsync($"{Administration.Keys}/ja.fallsystem");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("a.admin", (await revoked.Content.ReadFromJsonAsync<ApiKeyView>(Json))!.RevokedBy);
        using (var machine = _host.ClientWithKey(secret))
        using (var refused = await machine.GetAsync(TestRoutes.AnyApi))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var actions = (await _host.AuditAsync()).Select(a => (a.Action, a.Actor, a.Subject)).ToList();
        Assert.Contains(("key.create", "a.admin", body.Key.Id.ToString()), actions);
        Assert.Contains(("key.revoke", "a.admin", body.Key.Id.ToString()), actions);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        using var response = await _admin.DeleteAsync($"{Administration.Keys}/gibt-es-nicht");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_bad_key_request_is_400_naming_each_field()
    {
        using var response = await _admin.PostAsJsonAsync(Administration.Keys, new { name = "mit leerzeichen", agency = "Horizont e.V.", role = "Chef" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["agency", "name", "role"], fields);
    }

    [Theory]
    [InlineData(HorizontRoles.Operations)]
    [InlineData(HorizontRoles.ProviderTeamLead)]
    [InlineData(HorizontRoles.JugendamtCasework)]
    public async Task Every_other_role_is_403_on_every_administration_route(string role)
    {
        using var client = await _host.ClientWithRoleAsync("jemand", role);

        using var list = await client.GetAsync(Administration.Keys);
        using var create = await client.PostAsJsonAsync(Administration.Keys, new { name = "neu", agency = "horizont-ev", role = "Administrator" });
        using var revoke = await client.DeleteAsync($"{Administration.Keys}/a.admin");
        using var audit = await client.GetAsync(Administration.Audit);

        Assert.All(new[] { list, create, revoke, audit }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(2, (await _host.WithStoreAsync(db => new ApiKeyStore(db, TimeProvider.System).ListAsync(CancellationToken.None))).Count(k => k.RevokedAt is null));
    }

    [Fact]
    public async Task Administration_refuses_an_anonymous_caller_and_an_administrators_session_cookie()
    {
        using var anonymous = await _host.Client.GetAsync(Administration.Audit);
        using var browser = await _host.SignInAsync("a.admin", HorizontRoles.Administrator);
        using var cookie = await browser.GetAsync(Administration.Audit);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
    }

    [Fact]
    public async Task The_audit_query_filters_by_referral_user_and_time_and_is_itself_audited()
    {
        var referral = Guid.NewGuid();
        await _host.SeedAuditAsync(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), "a.alt", null);
        await _host.SeedAuditAsync(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), "b.neu", referral);
        await _host.SeedAuditAsync(new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero), "b.neu", null);

        var byReferral = await QueryAsync($"referralId={referral}");
        var byUser = await QueryAsync("user=a.alt");
        var byTime = await QueryAsync("from=2026-03-05&to=2026-03-15T00:00:00Z");
        var limited = await QueryAsync("user=b.neu&limit=1");

        Assert.Equal(referral, Assert.Single(byReferral).ReferralId);
        Assert.Equal("a.alt", Assert.Single(byUser).Actor);
        Assert.Equal(10, Assert.Single(byTime).At.Day);
        Assert.Equal(20, Assert.Single(limited).At.Day);
        var reads = (await _host.AuditAsync()).Where(a => a.Action == "audit.read").ToList();
        Assert.Equal(4, reads.Count);
        Assert.All(reads, r => Assert.Equal(("a.admin", HorizontClaims.KindKey, 200), (r.Actor, r.ActorKind, r.Status)));
        // The query about a referral is recorded against that referral: who looked into its trail.
        Assert.Equal([referral], reads.Where(r => r.ReferralId is not null).Select(r => r.ReferralId!.Value));
    }

    [Theory]
    [InlineData("referralId=keine-guid", "referralId")]
    [InlineData("from=gestern", "from")]
    [InlineData("to=morgen", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task A_bad_audit_query_is_400_naming_the_parameter_and_not_audited(string query, string field)
    {
        using var response = await _admin.GetAsync($"{Administration.Audit}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(await _host.AuditAsync(), a => a.Action == "audit.read");
    }

    private async Task<List<Administration.AuditRow>> QueryAsync(string query) =>
        (await _admin.GetFromJsonAsync<List<Administration.AuditRow>>($"{Administration.Audit}?{query}", Json))!;
}
