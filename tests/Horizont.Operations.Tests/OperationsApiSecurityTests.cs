using System.Net;
using System.Net.Http.Json;
using System.Text;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Tests.Support;

namespace Horizont.Operations.Tests;

/// <summary>
/// <c>/ops/api/**</c> answers only the Operations role with an API key (or bearer token): anonymous 401, other roles
/// 403, a revoked key 401, a browser's session cookie never (so a cross-site form post replays nothing). Replay and
/// discard record the key's name in the archive and an audit row. See docs/security-matrix-operations.md.
/// </summary>
public sealed class OperationsApiSecurityTests : IAsyncLifetime
{
    private const string Group = "{group}";
    private const string Message = "{message}";

    private OperationsHost _host = null!;
    private Failures.FailedMessage _failed = null!;

    /// <summary>Every route of the operations API, with the failure group and message of the test filled in.</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/ops/api/queues" },
        { "GET", "/ops/api/queues/unserved" },
        { "GET", "/ops/api/failures" },
        { "GET", "/ops/api/failures/archive" },
        { "GET", $"/ops/api/failures/{Group}" },
        { "POST", $"/ops/api/failures/{Group}/replay" },
        { "POST", $"/ops/api/failures/{Group}/discard" },
        { "POST", $"/ops/api/failures/messages/{Message}/replay" },
        { "POST", $"/ops/api/failures/messages/{Message}/discard" },
        { "GET", "/ops/api/heartbeats" },
        { "GET", "/ops/api/alerts" },
    };

    public static TheoryData<string> OtherRoles => new(HorizontRoles.All.Where(r => r != HorizontRoles.Operations));

    public async Task InitializeAsync()
    {
        _host = await OperationsHost.StartAsync();
        _failed = _host.ErrorQueues.Fail();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Anonymous_callers_get_401_on_every_route_and_nothing_moves(string method, string route)
    {
        using var client = _host.Anonymous();

        using var response = await client.SendAsync(Request(method, route));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingMovedAsync();
    }

    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task A_key_with_another_role_gets_403_on_every_route_and_nothing_moves(string role)
    {
        using var client = await _host.WithKeyAsync("k." + role.ToLowerInvariant(), role);

        foreach (var (method, route) in Routes.Select(r => ((string)r[0], (string)r[1])))
        {
            using var response = await client.SendAsync(Request(method, route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role}: {method} {route} answered {(int)response.StatusCode}");
        }

        await AssertNothingMovedAsync();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_operations_key_gets_past_the_door_on_every_route(string method, string route)
    {
        using var client = await _host.WithKeyAsync("ops.key", HorizontRoles.Operations);

        using var response = await client.SendAsync(Request(method, route));

        Assert.True(response.IsSuccessStatusCode, $"{method} {route} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_revoked_key_gets_401()
    {
        using var client = await _host.WithKeyAsync("b.betrieb", HorizontRoles.Operations);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ops/api/failures")).StatusCode);

        await _host.RevokeAsync("b.betrieb");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/ops/api/failures")).StatusCode);
        using var replay = await client.PostAsync($"/ops/api/failures/{_failed.GroupId}/replay", null);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_cross_site_form_post_with_only_an_operations_session_cookie_gets_401_and_replays_nothing()
    {
        // The operator's browser holds a valid Operations session; a foreign page posts a form to the API.
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/ops/")).StatusCode);

        foreach (var route in new[] { $"/ops/api/failures/{_failed.GroupId}/replay", $"/ops/api/failures/messages/{_failed.MessageId}/replay" })
        {
            using var response = await browser.SendAsync(CrossSiteForm(route));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // A discard takes JSON only, which a form cannot send: routing refuses the form before anything runs.
        foreach (var route in new[] { $"/ops/api/failures/{_failed.GroupId}/discard", $"/ops/api/failures/messages/{_failed.MessageId}/discard" })
        {
            using var response = await browser.SendAsync(CrossSiteForm(route));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_replay_records_the_keys_name_in_the_archive_and_an_audit_row_without_referral_data()
    {
        using var client = await _host.WithKeyAsync("b.betrieb", HorizontRoles.Operations);
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/ops/api/failures/{_failed.GroupId}/replay");
        forged.Headers.Add("X-Horizont-User", "<script>jemand</script>");

        using var response = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_host.ErrorQueues.Messages);
        var archived = Assert.Single(await _host.ArchiveAsync());
        Assert.Equal((FailureActionKind.Replayed, _failed.MessageId, "b.betrieb"), (archived.Kind, archived.MessageId, archived.Actor));
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.ReplayAudit);
        Assert.Equal(("b.betrieb", HorizontClaims.KindKey, "horizont-betrieb", _failed.GroupId, 200), (audit.Actor, audit.ActorKind, audit.AgencyId, audit.Subject, audit.Status));
        Assert.Null(audit.ReferralId);
    }

    [Fact]
    public async Task A_discard_of_one_message_is_audited_with_the_message_id()
    {
        using var client = await _host.WithKeyAsync("c.betrieb", HorizontRoles.Operations);

        using var response = await client.PostAsJsonAsync($"/ops/api/failures/messages/{_failed.MessageId}/discard", new DiscardRequest("Doppelt gesendet"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var archived = Assert.Single(await _host.ArchiveAsync());
        Assert.Equal((FailureActionKind.Discarded, "c.betrieb", "Doppelt gesendet"), (archived.Kind, archived.Actor, archived.Reason));
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.DiscardAudit);
        Assert.Equal(("c.betrieb", _failed.MessageId.ToString()), (audit.Actor, audit.Subject));
        Assert.Null(audit.ReferralId);
    }

    [Fact]
    public async Task A_refused_or_missing_action_writes_no_audit_row()
    {
        using var client = await _host.WithKeyAsync("d.betrieb", HorizontRoles.Operations);

        using var noReason = await client.PostAsJsonAsync($"/ops/api/failures/{_failed.GroupId}/discard", new DiscardRequest(" "));
        using var gone = await client.PostAsync($"/ops/api/failures/messages/{Guid.NewGuid()}/replay", null);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(await _host.AuditAsync(), a => a.Action.StartsWith("failure.", StringComparison.Ordinal));
        await AssertNothingMovedAsync();
    }

    private HttpRequestMessage Request(string method, string route)
    {
        var path = route.Replace(Group, _failed.GroupId, StringComparison.Ordinal).Replace(Message, _failed.MessageId.ToString(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (path.EndsWith("/discard", StringComparison.Ordinal))
            request.Content = new StringContent("""{"reason":"Test"}""", Encoding.UTF8, "application/json");
        return request;
    }

    private static HttpRequestMessage CrossSiteForm(string route)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, route) { Content = new FormUrlEncodedContent([new("reason", "egal")]) };
        post.Headers.Add("Origin", "http://angreifer.example");
        return post;
    }

    private async Task AssertNothingMovedAsync()
    {
        Assert.Equal(_failed.MessageId, Assert.Single(_host.ErrorQueues.Messages).MessageId);
        Assert.Empty(await _host.ArchiveAsync());
        Assert.DoesNotContain(await _host.AuditAsync(), a => a.Action.StartsWith("failure.", StringComparison.Ordinal));
    }
}
