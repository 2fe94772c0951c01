using Horizont.Hosting;
using Horizont.Hosting.Security;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using Microsoft.AspNetCore.Mvc;

namespace Horizont.Provider.Endpoints;

/// <summary>
/// The Einsatzstellen catalogue: every provider role reads it, casework and the team lead keep it
/// (<see cref="Editors"/>); every answer leaves an audit row (site.list, site.read, site.create, site.update).
/// </summary>
public static class PlacementSiteApi
{
    /// <summary>The roles that may add and change sites (docs/security.md).</summary>
    public static readonly string[] Editors = [HorizontRoles.ProviderCasework, HorizontRoles.ProviderTeamLead];

    public static IEndpointRouteBuilder MapPlacementSiteApi(this IEndpointRouteBuilder routes, string agencyId)
    {
        var sites = routes.MapGroup("/provider/api/sites").WithGroupName(ProviderApi.DocumentName).WithTags("Placement sites")
            .RequireApi(HorizontRoles.Provider)
            .ForAgency(agencyId);

        sites.MapGet("/", ListAsync)
            .WithName("ListPlacementSites")
            .WithSummary("The Einsatzstellen by name with places in use and free (computed from the cases placed there) and outOfDate " +
                "(not changed for more than 12 months); optionally only those offering one category, only active ones.")
            .Produces<IReadOnlyList<PlacementSiteResponse>>()
            .ProducesValidationProblem()
            .Audited("site.list", subject: result => result is IReadOnlyCollection<PlacementSiteResponse> rows ? $"{rows.Count} rows" : null);

        sites.MapGet("/{siteId:guid}", GetAsync)
            .WithName("GetPlacementSite")
            .WithSummary("One Einsatzstelle with its places in use and free.")
            .Produces<PlacementSiteResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Audited("site.read", subject: SiteId);

        sites.MapPost("/", CreateAsync)
            .WithName("CreatePlacementSite")
            .WithSummary("Adds an Einsatzstelle (active unless active is false).")
            .Accepts<PlacementSiteRequest>("application/json")
            .Produces<PlacementSiteResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .RequireApi(Editors)
            .Audited("site.create", subject: SiteId);

        sites.MapPut("/{siteId:guid}", UpdateAsync)
            .WithName("UpdatePlacementSite")
            .WithSummary("Replaces an Einsatzstelle's entry; active false takes it out of the choice for new placements (cases placed there stay).")
            .Accepts<PlacementSiteRequest>("application/json")
            .Produces<PlacementSiteResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireApi(Editors)
            .Audited("site.update", subject: SiteId);

        return routes;
    }

    private static string? SiteId(object? result) => result is PlacementSiteResponse site ? $"site {site.Id}" : null;

    private static async Task<IResult> ListAsync(string? category, bool? active, PlacementSiteDesk desk, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(category))
        {
            var errors = new FieldErrors();
            if (!errors.RequireCode("category", category, PlacementCategoryCodes.All))
                return errors.ToProblem();
        }

        return Results.Ok(await desk.ListAsync(category, active ?? false, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid siteId, PlacementSiteDesk desk, CancellationToken cancellationToken) =>
        await desk.FindAsync(siteId, cancellationToken) is { } site ? Results.Ok(site) : SiteNotFound(siteId);

    private static async Task<IResult> CreateAsync([FromBody] PlacementSiteRequest? body, PlacementSiteDesk desk, HttpContext http) =>
        await desk.CreateAsync(body, StaffActor.Of(http.User), http.RequestAborted) switch
        {
            SiteOutcome.Done done => Results.Created($"/provider/api/sites/{done.Site.Id}", done.Site),
            var other => ToResult(other),
        };

    private static async Task<IResult> UpdateAsync(Guid siteId, [FromBody] PlacementSiteRequest? body, PlacementSiteDesk desk, HttpContext http) =>
        ToResult(await desk.UpdateAsync(siteId, body, StaffActor.Of(http.User), http.RequestAborted));

    private static IResult ToResult(SiteOutcome outcome) => outcome switch
    {
        SiteOutcome.Done done => Results.Ok(done.Site),
        SiteOutcome.NotFound notFound => SiteNotFound(notFound.Id),
        SiteOutcome.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Die Einsatzstelle wurde gerade von jemand anderem geändert.",
            detail: "Bitte neu laden und prüfen."),
        SiteOutcome.Invalid invalid => invalid.Errors.ToProblem(),
        _ => throw new InvalidOperationException($"Unknown site outcome {outcome.GetType().Name}."),
    };

    private static IResult SiteNotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Einsatzstelle nicht gefunden.", detail: $"Es gibt keine Einsatzstelle {id}.");
}
