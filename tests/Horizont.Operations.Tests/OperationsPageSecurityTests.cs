using System.Net;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Tests.Support;

namespace Horizont.Operations.Tests;

/// <summary>
/// The pages <c>/ops/**</c> (Razor components in the area Betrieb) answer an Operations session only (no identity
/// provider configured here, so anonymous gets 401 instead of a sign-in redirect), and act only with the antiforgery
/// token of their own forms, each form posted to its page by name (<c>_handler</c>); the signed-in name is who acts.
/// See docs/security-matrix-operations.md.
/// </summary>
public sealed class OperationsPageSecurityTests : IAsyncLifetime
{
    private OperationsHost _host = null!;
    private Failures.FailedMessage _failed = null!;

    public static TheoryData<string> OtherRoles => new(HorizontRoles.All.Where(r => r != HorizontRoles.Operations));

    public async Task InitializeAsync()
    {
        _host = await OperationsHost.StartAsync();
        _failed = _host.ErrorQueues.Fail();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string[] Pages => ["/ops/", $"/ops/failures/{_failed.GroupId}"];

    private string GroupPage => $"/ops/failures/{_failed.GroupId}";

    /// <summary>Every form that replays or discards: the page it is posted to and its name.</summary>
    private (string Page, string Form)[] Actions =>
    [
        ("/ops/", $"wiederholen-{_failed.GroupId}"), (GroupPage, "alle-wiederholen"), (GroupPage, "alle-verwerfen"),
        (GroupPage, $"wiederholen-{_failed.MessageId:N}"), (GroupPage, $"verwerfen-{_failed.MessageId:N}"),
    ];

    [Fact]
    public async Task Anonymous_visitors_get_401_on_every_page_and_action()
    {
        using var client = _host.Anonymous();

        foreach (var page in Pages)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(page)).StatusCode);
        foreach (var action in Actions)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(action.Page, Form(action.Form))).StatusCode);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task An_operations_api_key_does_not_open_the_page()
    {
        using var client = await _host.WithKeyAsync("ops.key", HorizontRoles.Operations);

        foreach (var page in Pages)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(page)).StatusCode);
        foreach (var action in Actions)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(action.Page, Form(action.Form))).StatusCode);
        await AssertNothingMovedAsync();
    }

    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task A_session_with_another_role_gets_403_on_every_page_and_action(string role)
    {
        using var browser = await _host.BrowserAsync("x.andere", role);

        foreach (var page in Pages)
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(page)).StatusCode);
        foreach (var action in Actions)
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync(action.Page, Form(action.Form))).StatusCode);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task A_post_with_a_valid_session_but_without_the_antiforgery_token_gets_400_and_nothing_moves()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        await OperationsHost.FormTokenAsync(browser, "/ops/");

        foreach (var action in Actions)
        {
            using var response = await browser.PostAsync(action.Page, Form(action.Form));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Das Formular ist abgelaufen oder kam nicht von dieser Seite", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task Another_users_token_does_not_count()
    {
        using var other = await _host.BrowserAsync("x.andere", HorizontRoles.Operations);
        var foreignToken = await OperationsHost.FormTokenAsync(other, "/ops/");
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        await OperationsHost.FormTokenAsync(browser, "/ops/");

        using var response = await browser.PostAsync(GroupPage, Form("alle-wiederholen", token: foreignToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingMovedAsync();
    }

    [Fact]
    public async Task The_page_says_who_is_signed_in_and_asks_for_no_name()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);

        var overview = await browser.GetStringAsync("/ops/");
        var group = await browser.GetStringAsync($"/ops/failures/{_failed.GroupId}");

        Assert.Contains("Angemeldet als <strong>a.aufsicht</strong>", overview, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"{HorizontSecurity.SignOutPath}\">", overview, StringComparison.Ordinal);
        Assert.Contains("<table id=\"failures\">", overview, StringComparison.Ordinal);
        foreach (var html in new[] { overview, group })
        {
            Assert.DoesNotContain("Ihr Name", html, StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"user\"", html, StringComparison.Ordinal);
            Assert.Contains($"name=\"{HorizontSecurity.AntiforgeryField}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_replay_from_the_page_records_the_signed_in_name_in_the_archive_and_the_audit()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        var token = await OperationsHost.FormTokenAsync(browser, "/ops/");

        using var response = await browser.PostAsync("/ops/", Form($"wiederholen-{_failed.GroupId}", token: token, fields: [new("user", "jemand.anderes")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops/?erledigt=wiederholt&anzahl=1&nicht=0", PathOf(response));
        Assert.Empty(_host.ErrorQueues.Messages);
        var archived = Assert.Single(await _host.ArchiveAsync());
        Assert.Equal((FailureActionKind.Replayed, "a.aufsicht"), (archived.Kind, archived.Actor));
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.ReplayAudit);
        Assert.Equal(("a.aufsicht", HorizontClaims.KindStaff, _failed.GroupId), (audit.Actor, audit.ActorKind, audit.Subject));
        Assert.Null(audit.ReferralId);
    }

    [Fact]
    public async Task A_discard_from_the_page_still_needs_a_reason()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        var token = await OperationsHost.FormTokenAsync(browser, GroupPage);
        var form = $"verwerfen-{_failed.MessageId:N}";

        // Without a reason: refused next to the field, in German, and nothing moves.
        using var without = await browser.PostAsync(GroupPage, Form(form, token: token, fields: [new("Form.Reason", " ")]));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        var refused = WebUtility.HtmlDecode(await without.Content.ReadAsStringAsync());
        Assert.Contains("<p class=\"field-error\" id=\"reason-fehler\"><span>Bitte einen Grund angeben", refused, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary\"", refused, StringComparison.Ordinal);
        await AssertNothingMovedAsync();

        // Too long: refused by the API's own rule, and what was typed stays in the field.
        var tooLong = new string('x', OperationsApi.MaxReasonLength + 1);
        using var longer = await browser.PostAsync(GroupPage, Form(form, token: token, fields: [new("Form.Reason", tooLong)]));
        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        var kept = await longer.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{tooLong}\"", kept, StringComparison.Ordinal);
        Assert.Contains($"höchstens {OperationsApi.MaxReasonLength} Zeichen", WebUtility.HtmlDecode(kept), StringComparison.Ordinal);
        await AssertNothingMovedAsync();

        using var with = await browser.PostAsync(GroupPage, Form(form, token: token, fields: [new("Form.Reason", "Testnachricht")]));
        Assert.Equal("/ops/?erledigt=verworfen&anzahl=1&nicht=0", PathOf(with));
        var archived = Assert.Single(await _host.ArchiveAsync());
        Assert.Equal((FailureActionKind.Discarded, "a.aufsicht", "Testnachricht"), (archived.Kind, archived.Actor, archived.Reason));
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.DiscardAudit);
        Assert.Equal(_failed.MessageId.ToString(), audit.Subject);
    }

    [Fact]
    public async Task Signing_out_with_the_pages_form_ends_the_session()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        var token = await OperationsHost.FormTokenAsync(browser, "/ops/");

        using var response = await browser.PostAsync(HorizontSecurity.SignOutPath, Form(null, token: token, fields: []));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/ops/")).StatusCode);
    }

    /// <summary>The fields of the page's form <paramref name="formName"/> (a discard's reason by default) and the token, if any.</summary>
    private static FormUrlEncodedContent Form(string? formName, string? token = null, KeyValuePair<string, string>[]? fields = null)
    {
        var values = new List<KeyValuePair<string, string>>(fields ?? [new("Form.Reason", "Test")]);
        if (formName is not null)
            values.Add(new("_handler", formName));
        if (token is not null)
            values.Add(new(HorizontSecurity.AntiforgeryField, token));
        return new FormUrlEncodedContent(values);
    }

    /// <summary>Where a redirect goes, as path and query (the page may answer with an absolute address).</summary>
    private static string? PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString) : null;

    private async Task AssertNothingMovedAsync()
    {
        Assert.Equal(_failed.MessageId, Assert.Single(_host.ErrorQueues.Messages).MessageId);
        Assert.Empty(await _host.ArchiveAsync());
        Assert.DoesNotContain(await _host.AuditAsync(), a => a.Action.StartsWith("failure.", StringComparison.Ordinal));
    }
}
