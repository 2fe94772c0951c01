using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Operations.Data;
using Horizont.Operations.Failures;
using Horizont.Operations.Heartbeats;
using Horizont.Operations.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Operations.Endpoints;

/// <summary>
/// The operations page at <c>/ops/</c>: German, rendered on the server, refreshing itself; the same views and
/// actions as the API. For signed-in operations staff (cookie session); every form carries an antiforgery token,
/// without which a change is refused (400). Shows ids, queues, types and reasons, never a body.
/// </summary>
public static class OperationsPage
{
    private static readonly CultureInfo s_german = CultureInfo.GetCultureInfo("de-DE");

    public static IEndpointRouteBuilder MapOperationsPage(this IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup("/ops").ExcludeFromDescription().RequirePage(HorizontRoles.Operations);
        page.MapGet("/", OverviewAsync);
        page.MapGet("/failures/{groupId}", GroupAsync);
        page.MapPost("/failures/{groupId}/replay", (string groupId, HttpContext http, FailureCatalog catalog) =>
            ActAsync(http, FailureActionKind.Replayed, groupId, (actor, _, ct) => catalog.ReplayGroupAsync(groupId, actor, ct), back: "/ops/"));
        page.MapPost("/failures/{groupId}/discard", (string groupId, HttpContext http, FailureCatalog catalog) =>
            ActAsync(http, FailureActionKind.Discarded, groupId, (actor, reason, ct) => catalog.DiscardGroupAsync(groupId, actor, reason!, ct),
                back: $"/ops/failures/{Uri.EscapeDataString(groupId)}"));
        page.MapPost("/failures/messages/{messageId:guid}/replay", (Guid messageId, HttpContext http, FailureCatalog catalog) =>
            ActAsync(http, FailureActionKind.Replayed, messageId.ToString(), (actor, _, ct) => catalog.ReplayMessageAsync(messageId, actor, ct), back: "/ops/"));
        page.MapPost("/failures/messages/{messageId:guid}/discard", (Guid messageId, HttpContext http, FailureCatalog catalog) =>
            ActAsync(http, FailureActionKind.Discarded, messageId.ToString(), (actor, reason, ct) => catalog.DiscardMessageAsync(messageId, actor, reason!, ct),
                back: "/ops/"));
        return routes;
    }

    private static async Task<IResult> OverviewAsync(
        HttpContext http, IQueueSource queues, FailureCatalog catalog, HeartbeatBoard board, OperationsDbContext db,
        IOptions<OperationsOptions> options, CancellationToken ct)
    {
        var report = await queues.ReadAsync(ct);
        var groups = await catalog.GroupsAsync(ct);
        var instances = await board.ReadAsync(ct);
        var open = await db.Alerts.AsNoTracking().Where(a => a.OpenKey != null).OrderByDescending(a => a.RaisedAt).ToListAsync(ct);
        var resolved = await db.Alerts.AsNoTracking().Where(a => a.OpenKey == null).OrderByDescending(a => a.RaisedAt).Take(10).ToListAsync(ct);
        var refresh = Math.Max(5, (int)Math.Ceiling(options.Value.ScanInterval.TotalSeconds));

        var html = new Html("Horizont – Betrieb", refresh, http);
        html.Notice(http.Request.Query);

        html.Heading("Warnungen");
        if (open.Count == 0)
            html.Paragraph("Keine offenen Warnungen.", "ok");
        else
            html.Table(["Warnung", "Betrifft", "Beschreibung", "Ausgelöst", "E-Mail"], open.Select(a => new[]
            {
                Alerts.AlertMonitor.TitleOf(a.Rule), a.Subject, a.Text, GermanText.Time(a.RaisedAt), GermanLabels.Mail(AlertView.Of(a)),
            }), "alerts-open");
        if (resolved.Count > 0)
        {
            html.SubHeading("Zuletzt behoben");
            html.Table(["Warnung", "Betrifft", "Ausgelöst", "Behoben"], resolved.Select(a => new[]
            {
                Alerts.AlertMonitor.TitleOf(a.Rule), a.Subject, GermanText.Time(a.RaisedAt), GermanText.Time(a.ResolvedAt!.Value),
            }), "alerts-resolved");
        }

        html.Heading("Fehlgeschlagene Nachrichten");
        if (catalog.UnavailableReason is { } unavailable)
            html.Paragraph(unavailable, "hint");
        else if (groups.Count == 0)
            html.Paragraph("Keine fehlgeschlagenen Nachrichten.", "ok");
        else
            html.FailureGroups(groups);

        html.Heading("Queues");
        if (report.Error is { } error)
            html.Paragraph(error, "warn");
        html.Table(GermanLabels.QueueHeader(report), report.Queues.Select(q => GermanLabels.QueueRow(report, q)), "queues");
        html.Paragraph(GermanLabels.QueueSource(report), "small");

        html.SubHeading("Queues ohne Consumer");
        var unserved = UnservedQueue.Of(report, instances);
        if (unserved.Count == 0)
            html.Paragraph("Keine: in keiner Queue warten Nachrichten, die niemand liest.", "ok");
        else
            html.Table(GermanLabels.UnservedHeader, unserved.Select(q => GermanLabels.UnservedRow(q, report.ReadAt)), "queues-unserved");

        html.Heading("Dienste");
        if (instances.Count == 0)
            html.Paragraph("Noch kein Dienst hat sich gemeldet.", "hint");
        else
            html.Table(GermanLabels.HeartbeatHeader, instances.Select(GermanLabels.HeartbeatRow), "heartbeats");

        return html.Result();
    }

    private static async Task<IResult> GroupAsync(string groupId, HttpContext http, FailureCatalog catalog, CancellationToken ct)
    {
        var html = new Html("Horizont – Fehlergruppe", refreshSeconds: null, http);
        html.Notice(http.Request.Query);
        html.Link("/ops/", "← Zur Übersicht");
        if (await catalog.GroupAsync(groupId, ct) is not { } found)
        {
            html.Paragraph("Zu dieser Gruppe liegt keine fehlgeschlagene Nachricht (mehr) vor.", "ok");
            return html.Result(StatusCodes.Status404NotFound);
        }

        var (group, messages) = found;
        html.Heading($"{group.MessageType} in {group.ErrorQueue}");
        html.Definitions([
            ("Queue", group.Queue), ("Fehler-Queue", group.ErrorQueue), ("Nachrichtentyp", group.MessageType), ("Ausnahme", group.ExceptionType),
            ("Grund", group.Reason), ("Anzahl", group.Count.ToString(s_german)),
            ("Zuerst", GermanLabels.Time(group.FirstSeen)), ("Zuletzt", GermanLabels.Time(group.LastSeen)),
        ]);
        html.Form($"/ops/failures/{Uri.EscapeDataString(group.Id)}/replay", "Alle wiederholen", reason: false);
        html.Form($"/ops/failures/{Uri.EscapeDataString(group.Id)}/discard", "Alle verwerfen", reason: true);

        html.Heading("Nachrichten");
        foreach (var message in messages)
        {
            html.SubHeading($"Nachricht {message.MessageId}");
            html.Definitions([
                ("Zuweisungs-ID", message.ReferralId?.ToString() ?? "–"),
                ("Fehlgeschlagen", GermanLabels.Time(message.FailedAt)),
                ("Bisher wiederholt", message.ReplayCount.ToString(s_german)),
                ("Ausnahme", $"{message.ExceptionType}: {message.ExceptionMessage}"),
            ]);
            if (message.StackTrace is { } trace)
                html.Pre("Stacktrace", trace);
            html.Pre("Header", string.Join('\n', message.Headers.Select(h => $"{h.Key}: {h.Value}")));
            html.Form($"/ops/failures/messages/{message.MessageId}/replay", "Wiederholen", reason: false);
            html.Form($"/ops/failures/messages/{message.MessageId}/discard", "Verwerfen", reason: true);
        }

        return html.Result();
    }

    /// <summary>
    /// A replay or discard by the signed-in member of operations staff (the antiforgery token was checked by
    /// <see cref="HorizontSecurity.RequirePage{TBuilder}"/>): back to the page with what happened.
    /// </summary>
    private static async Task<IResult> ActAsync(
        HttpContext http, FailureActionKind kind, string subject, Func<string, string?, CancellationToken, Task<ActionOutcome?>> act, string back)
    {
        var needsReason = kind == FailureActionKind.Discarded;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = form["reason"].ToString().Trim();
        if (needsReason && OperationsApi.ReasonError(reason) is not null)
            return Results.Redirect($"{back}?fehler=grund", permanent: false);

        var outcome = await FailureActions.RunAsync(http, kind, subject, (actor, ct) => act(actor, needsReason ? reason : null, ct), StatusCodes.Status302Found);
        if (outcome is null)
            return Results.Redirect("/ops/?fehler=weg", permanent: false);
        var done = needsReason ? "verworfen" : "wiederholt";
        return Results.Redirect($"/ops/?erledigt={done}&anzahl={outcome.Done.Count}&nicht={outcome.Failed.Count}", permanent: false);
    }

    /// <summary>A small HTML writer: every text goes through the encoder.</summary>
    private sealed class Html
    {
        private readonly StringBuilder _body = new();
        private readonly string _title;
        private readonly int? _refreshSeconds;
        private readonly string _signedIn;
        private readonly string _token;

        /// <summary>A page for the signed-in user of <paramref name="http"/>; its forms (sign-out included) carry one antiforgery token.</summary>
        public Html(string title, int? refreshSeconds, HttpContext http)
        {
            _title = title;
            _refreshSeconds = refreshSeconds;
            _signedIn = StaffActor.Of(http.User);
            _token = HorizontSecurity.AntiforgeryToken(http);
        }

        public void Heading(string text) => _body.Append("<h2>").Append(E(text)).Append("</h2>\n");

        public void SubHeading(string text) => _body.Append("<h3>").Append(E(text)).Append("</h3>\n");

        public void Paragraph(string text, string css) => _body.Append("<p class=\"").Append(css).Append("\">").Append(E(text)).Append("</p>\n");

        public void Link(string href, string text) => _body.Append("<p><a href=\"").Append(E(href)).Append("\">").Append(E(text)).Append("</a></p>\n");

        public void Pre(string label, string text) =>
            _body.Append("<details><summary>").Append(E(label)).Append("</summary><pre>").Append(E(text)).Append("</pre></details>\n");

        public void Definitions(IEnumerable<(string Term, string Value)> items)
        {
            _body.Append("<dl>");
            foreach (var (term, value) in items)
                _body.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
            _body.Append("</dl>\n");
        }

        public void Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows, string id)
        {
            _body.Append("<table id=\"").Append(id).Append("\"><thead><tr>");
            foreach (var header in headers)
                _body.Append("<th>").Append(E(header)).Append("</th>");
            _body.Append("</tr></thead><tbody>");
            foreach (var row in rows)
            {
                _body.Append("<tr>");
                foreach (var cell in row)
                    _body.Append("<td>").Append(E(cell)).Append("</td>");
                _body.Append("</tr>");
            }

            _body.Append("</tbody></table>\n");
        }

        public void FailureGroups(IReadOnlyList<FailureGroup> groups)
        {
            _body.Append("<table id=\"failures\"><thead><tr><th>Queue</th><th>Nachrichtentyp</th><th>Fehler</th><th>Anzahl</th><th>Zuerst</th><th>Zuletzt</th><th></th></tr></thead><tbody>");
            foreach (var g in groups)
            {
                _body.Append("<tr data-group=\"").Append(E(g.Id)).Append("\"><td>").Append(E(g.Queue)).Append("</td><td>").Append(E(g.MessageType))
                    .Append("</td><td>").Append(E($"{g.ExceptionType}: {g.Reason}")).Append("</td><td>").Append(g.Count.ToString(s_german))
                    .Append("</td><td>").Append(E(GermanLabels.Time(g.FirstSeen)))
                    .Append("</td><td>").Append(E(GermanLabels.Time(g.LastSeen))).Append("</td><td>");
                Form($"/ops/failures/{Uri.EscapeDataString(g.Id)}/replay", "Wiederholen", reason: false);
                _body.Append("<a href=\"/ops/failures/").Append(E(Uri.EscapeDataString(g.Id))).Append("\">Details / Verwerfen</a></td></tr>");
            }

            _body.Append("</tbody></table>\n");
        }

        /// <summary>A form that acts as the signed-in user, with the page's antiforgery token.</summary>
        public void Form(string action, string button, bool reason)
        {
            _body.Append("<form method=\"post\" action=\"").Append(E(action)).Append("\">")
                .Append("<input type=\"hidden\" name=\"").Append(HorizontSecurity.AntiforgeryField).Append("\" value=\"").Append(E(_token)).Append("\">");
            if (reason)
            {
                _body.Append("<label>Grund <input name=\"reason\" required maxlength=\"").Append(OperationsApi.MaxReasonLength)
                    .Append("\" placeholder=\"z. B. Doppelt gesendet, mit dem Jugendamt geklärt\"></label> ");
            }

            _body.Append("<button type=\"submit\">").Append(E(button)).Append("</button></form>\n");
        }

        public void Notice(IQueryCollection query)
        {
            if (query.TryGetValue("erledigt", out var done))
            {
                var count = int.TryParse(query["anzahl"], CultureInfo.InvariantCulture, out var n) ? n : 0;
                var notDone = int.TryParse(query["nicht"], CultureInfo.InvariantCulture, out var m) ? m : 0;
                var verb = done == "verworfen" ? "verworfen (im Archiv festgehalten)" : "wiederholt";
                Paragraph($"{count} {(count == 1 ? "Nachricht" : "Nachrichten")} {verb}." +
                    (notDone > 0 ? $" {notDone} konnten nicht bewegt werden und bleiben in der Fehler-Queue." : ""), notDone > 0 ? "warn" : "ok");
            }

            var error = query["fehler"].ToString() switch
            {
                "grund" => $"Bitte einen Grund angeben (höchstens {OperationsApi.MaxReasonLength} Zeichen): er wird im Archiv festgehalten.",
                "weg" => "Die Nachricht oder Gruppe liegt nicht (mehr) in einer Fehler-Queue.",
                _ => null,
            };
            if (error is not null)
                Paragraph(error, "warn");
        }

        public IResult Result(int statusCode = StatusCodes.Status200OK)
        {
            var page = new StringBuilder()
                .Append("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>").Append(E(_title)).Append("</title>");
            if (_refreshSeconds is { } seconds)
                page.Append("<meta http-equiv=\"refresh\" content=\"").Append(seconds).Append("\">");
            page.Append("<style>")
                .Append("body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin-bottom:1rem}")
                .Append("th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .Append(".ok{color:#246b2a}.warn{color:#9a3b00;font-weight:bold}.hint{color:#555}.small{font-size:.85rem;color:#555}")
                .Append("form{display:inline-block;margin:.2rem .4rem .2rem 0}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}")
                .Append("dt{font-weight:bold}pre{white-space:pre-wrap;font-size:.8rem}")
                .Append("</style></head><body><h1>").Append(E(_title)).Append("</h1>\n")
                .Append("<div class=\"small\" id=\"signed-in\">Angemeldet als ").Append(E(_signedIn))
                .Append(". Wiederholen und Verwerfen werden unter diesem Namen im Archiv festgehalten. ")
                .Append("<form method=\"post\" action=\"").Append(HorizontSecurity.SignOutPath).Append("\">")
                .Append("<input type=\"hidden\" name=\"").Append(HorizontSecurity.AntiforgeryField).Append("\" value=\"").Append(E(_token)).Append("\">")
                .Append("<button type=\"submit\">Abmelden</button></form></div>\n")
                .Append(_body)
                .Append("<p class=\"small\">Diese Seite zeigt keine Nachrichteninhalte und keine personenbezogenen Daten; die Zuweisungs-ID genügt, um den Fall bei der Stelle zu finden.</p>")
                .Append("</body></html>");
            return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
        }

        private static string E(string text) => HtmlEncoder.Default.Encode(text);
    }
}
