using System.Text;
using Horizont.Hosting.Security;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Reports;

/// <summary>
/// The report page's PDF: the caseworker's edited text, posted with the page's antiforgery token, answered as an A4
/// PDF download. It holds the young person's name, so every download leaves an audit row.
/// </summary>
public static class CourtReportEndpoints
{
    /// <summary>At most this many characters of report text (a few pages).</summary>
    public const int MaxTextLength = 20_000;

    public static string PdfPath(Guid referralId) => $"/jugendamt/zuweisungen/{referralId}/bericht.pdf";

    public static IEndpointRouteBuilder MapCourtReportPdf(this IEndpointRouteBuilder routes, string agencyId)
    {
        routes.MapPost("/jugendamt/zuweisungen/{referralId:guid}/bericht.pdf", RenderAsync)
            .ExcludeFromDescription()
            .RequirePage(HorizontRoles.JugendamtCasework)
            .ForAgency(agencyId)
            .Audited("referral.court-report-pdf");
        return routes;
    }

    private static async Task<IResult> RenderAsync(Guid referralId, HttpContext http, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var text = form["Report.Text"].ToString();
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Zuweisung nicht gefunden.", detail: $"Keine Zuweisung mit der Kennung {referralId}.");
        if (string.IsNullOrWhiteSpace(text))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Kein Berichtstext", detail: "Der Berichtstext ist leer; bitte zurückgehen und den Entwurf ergänzen.");
        if (text.Length > MaxTextLength)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Berichtstext zu lang", detail: $"Höchstens {MaxTextLength} Zeichen; der Text hat {text.Length}.");

        byte[] pdf;
        try
        {
            pdf = CourtReportPdf.Render(CourtReportDraft.Title(referral), text);
        }
        catch (ReportFontMissingException missing)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF nicht möglich", detail: missing.Message);
        }

        return Results.File(pdf, "application/pdf", $"Bericht-{SafeName(referral.FileReference)}.pdf");
    }

    /// <summary>A file name from a file reference: letters, digits, dash and underscore only.</summary>
    private static string SafeName(string fileReference)
    {
        var name = new StringBuilder(fileReference.Length);
        foreach (var c in fileReference)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        return name.ToString();
    }
}
