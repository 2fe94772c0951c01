using System.Net;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Queues;
using Microsoft.Extensions.DependencyInjection;
using Horizont.Operations.Tests.Support;

namespace Horizont.Operations.Tests;

/// <summary>
/// What the operations pages show and do for an Operations session: the overview in the staff layout with its
/// failure groups, queues and services, refreshing itself; a group's page with its messages; replay and discard of a
/// whole group; the German notice after each; and a form whose group has gone meanwhile.
/// </summary>
public sealed class OperationsPagesTests : IAsyncLifetime
{
    private OperationsHost _host = null!;

    public async Task InitializeAsync() => _host = await OperationsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_overview_shows_the_failure_group_the_queues_and_the_services_in_the_staff_layout_and_refreshes_itself()
    {
        var failed = _host.ErrorQueues.Fail();
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/ops/"));

        Assert.Contains("<title>Betrieb · Horizont</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#inhalt\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/ops/\" aria-current=\"page\">Übersicht</a>", html, StringComparison.Ordinal);
        Assert.Matches("<div id=\"betrieb-live\" data-live=\"[1-9][0-9]*\"", html);
        Assert.Contains($"<tr data-group=\"{failed.GroupId}\"><th scope=\"row\">horizont-ev</th>", html, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: Die Fallablage ist nicht erreichbar.", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"_handler\" value=\"wiederholen-{failed.GroupId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/ops/failures/{failed.GroupId}\">Details / Verwerfen", html, StringComparison.Ordinal);
        // The queue table and its source line are the ones the command line prints (GermanLabels).
        Assert.Contains("<table id=\"queues\">", html, StringComparison.Ordinal);
        foreach (var header in new[] { "Queue", "Art", "Nachrichten", "Bereit", "In Arbeit", "Consumer" })
            Assert.Contains($"<th scope=\"col\">{header}</th>", html, StringComparison.Ordinal);
        Assert.Contains("Quelle: der Bus dieses Prozesses (In-Memory-Transport)", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"dienste\">Dienste</h2>", html, StringComparison.Ordinal);
        // Open alerts depend on the alert monitor's timing (the failure may raise one): only the section is certain.
        Assert.Contains("<h2 id=\"warnungen\">Warnungen</h2>", html, StringComparison.Ordinal);
        // Ids, queues, types and reasons; the referral id only on the group's page, never a body.
        Assert.DoesNotContain(failed.ReferralId!.Value.ToString(), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_renders_when_the_queue_figures_arrive_later_as_from_the_brokers_management_api()
    {
        // The in-memory source answers at once; the broker's answers after an HTTP round trip, and the renderer's
        // first pass then runs before the figures are there.
        await using var host = await OperationsHost.StartAsync(services => services.AddSingleton<IQueueSource>(sp => new LaterQueueSource(sp.GetRequiredService<BusQueues>())));
        using var browser = await host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);

        using var response = await browser.GetAsync("/ops/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<table id=\"queues\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_group_page_shows_each_message_with_its_referral_id_exception_and_headers()
    {
        var failed = _host.ErrorQueues.Fail();
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/ops/failures/{failed.GroupId}"));

        Assert.Contains("<h1>SubmitReferral in horizont-ev_error</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"Nachricht {failed.MessageId}", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>Zuweisungs-ID</dt><dd>{failed.ReferralId}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("MT-Fault-ExceptionType: System.InvalidOperationException", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"alle-verwerfen-grund\">Grund</label>", html, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"verwerfen-{failed.MessageId:N}-grund\">Grund</label>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_that_is_not_there_is_said_in_German()
    {
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);

        using var response = await browser.GetAsync("/ops/failures/0000000000000000");

        // Status 200 as on the other staff pages (a 404 set by a component makes the renderer drop its body).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Zu dieser Gruppe liegt keine fehlgeschlagene Nachricht (mehr) vor.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discarding_a_whole_group_with_a_reason_archives_every_message_audits_the_group_and_says_so()
    {
        var first = _host.ErrorQueues.Fail();
        _host.ErrorQueues.Fail();
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        var page = $"/ops/failures/{first.GroupId}";
        var token = await OperationsHost.FormTokenAsync(browser, page);

        using var response = await browser.PostAsync(page, Form("alle-verwerfen", token, new KeyValuePair<string, string>("Form.Reason", "  Doppelt gesendet  ")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.EndsWith("/ops/?erledigt=verworfen&anzahl=2&nicht=0", location.ToString(), StringComparison.Ordinal);
        Assert.Empty(_host.ErrorQueues.Messages);
        var archive = await _host.ArchiveAsync();
        Assert.Equal(2, archive.Count);
        Assert.All(archive, a => Assert.Equal((FailureActionKind.Discarded, "a.aufsicht", "Doppelt gesendet"), (a.Kind, a.Actor, a.Reason)));
        var audit = Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.DiscardAudit);
        Assert.Equal(("a.aufsicht", first.GroupId), (audit.Actor, audit.Subject));

        var after = WebUtility.HtmlDecode(await browser.GetStringAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString));
        Assert.Contains("<p class=\"notice\" role=\"status\">2 Nachrichten verworfen (im Archiv festgehalten).</p>", after, StringComparison.Ordinal);
        Assert.Contains("Keine fehlgeschlagenen Nachrichten.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_of_a_group_someone_else_handled_meanwhile_moves_nothing_and_says_it_is_gone()
    {
        var failed = _host.ErrorQueues.Fail();
        using var browser = await _host.BrowserAsync("a.aufsicht", HorizontRoles.Operations);
        var token = await OperationsHost.FormTokenAsync(browser, "/ops/");
        using var key = await _host.WithKeyAsync("ops.key", HorizontRoles.Operations);
        (await key.PostAsync($"/ops/api/failures/{failed.GroupId}/replay", null)).EnsureSuccessStatusCode();

        using var response = await browser.PostAsync("/ops/", Form($"wiederholen-{failed.GroupId}", token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/ops/?fehler=weg", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Single(await _host.ArchiveAsync());
        Assert.Single(await _host.AuditAsync(), a => a.Action == FailureActions.ReplayAudit);
        var after = WebUtility.HtmlDecode(await browser.GetStringAsync("/ops/?fehler=weg"));
        Assert.Contains("<p class=\"notice warn\" role=\"status\">Die Nachricht oder Gruppe liegt nicht (mehr) in einer Fehler-Queue.</p>", after, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string formName, string token, params KeyValuePair<string, string>[] fields) =>
        new([new("_handler", formName), new(HorizontSecurity.AntiforgeryField, token), .. fields]);

    private sealed class LaterQueueSource(IQueueSource inner) : IQueueSource
    {
        public async Task<QueueReport> ReadAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.ReadAsync(cancellationToken);
        }
    }
}
