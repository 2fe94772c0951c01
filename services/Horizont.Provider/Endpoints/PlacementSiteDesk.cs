using Horizont.Hosting.Data;
using Horizont.Hosting.Validation;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Endpoints;

/// <summary>
/// A site of the catalogue with its places computed from the cases placed there: placesInUse counts cases placed at the
/// site and not yet finished (Placed, InProgress); outOfDate says the entry was not changed for more than 12 months.
/// </summary>
public sealed record PlacementSiteResponse(
    Guid Id,
    string Name,
    string Street,
    string PostalCode,
    string City,
    IReadOnlyList<string> Categories,
    int Places,
    int PlacesInUse,
    int PlacesFree,
    string Schedule,
    int? MinimumAge,
    string? ExcludedOffences,
    string ContactName,
    string? ContactPhone,
    string? ContactEmail,
    string? AccidentInsuranceNote,
    bool Active,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    bool OutOfDate)
{
    public static PlacementSiteResponse From(PlacementSite site, int inUse, DateTimeOffset now) => new(
        site.Id, site.Name, site.Street, site.PostalCode, site.City, site.Categories, site.Places, inUse, Math.Max(0, site.Places - inUse),
        site.Schedule, site.MinimumAge, site.ExcludedOffences, site.ContactName, site.ContactPhone, site.ContactEmail,
        site.AccidentInsuranceNote, site.Active, site.UpdatedAt, site.UpdatedBy, site.IsOutOfDate(now));
}

/// <summary>What a change to the catalogue came to, for the API and the pages alike.</summary>
public abstract record SiteOutcome
{
    private SiteOutcome()
    {
    }

    public sealed record Done(PlacementSiteResponse Site) : SiteOutcome;

    public sealed record NotFound(Guid Id) : SiteOutcome;

    /// <summary>Someone else changed the entry at the same time; nothing was saved.</summary>
    public sealed record Conflict : SiteOutcome;

    public sealed record Invalid(FieldErrors Errors) : SiteOutcome;
}

/// <summary>The one code path of reading and changing the Einsatzstellen catalogue, for the API and the pages.</summary>
public sealed class PlacementSiteDesk(CaseDbContext db, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The catalogue by name; optionally only sites offering <paramref name="category"/>, only active ones.</summary>
    public async Task<IReadOnlyList<PlacementSiteResponse>> ListAsync(string? category, bool activeOnly, CancellationToken cancellationToken)
    {
        var sites = await db.PlacementSites.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var inUse = await db.PlacesInUseAsync(cancellationToken);
        var now = Now;
        return sites
            .Where(s => !activeOnly || s.Active)
            .Where(s => string.IsNullOrEmpty(category) || s.Categories.Contains(category, StringComparer.Ordinal))
            .Select(s => PlacementSiteResponse.From(s, inUse.GetValueOrDefault(s.Id), now))
            .ToList();
    }

    public async Task<PlacementSiteResponse?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var site = await db.PlacementSites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
            return null;
        var inUse = await db.PlacesInUseAsync(cancellationToken, siteId: id);
        return PlacementSiteResponse.From(site, inUse.GetValueOrDefault(id), Now);
    }

    public async Task<SiteOutcome> CreateAsync(PlacementSiteRequest? body, string actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (PlacementSites.Check(body, errors) is not { } values)
            return new SiteOutcome.Invalid(errors);
        var site = PlacementSite.Create(values, Now, actor);
        db.PlacementSites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        return new SiteOutcome.Done(PlacementSiteResponse.From(site, 0, Now));
    }

    public async Task<SiteOutcome> UpdateAsync(Guid id, PlacementSiteRequest? body, string actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var values = PlacementSites.Check(body, errors);
        var site = await db.PlacementSites.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
            return new SiteOutcome.NotFound(id);
        if (values is null)
            return new SiteOutcome.Invalid(errors);
        site.Update(values, Now, actor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.IsConflict(ex))
        {
            return new SiteOutcome.Conflict();
        }

        var inUse = await db.PlacesInUseAsync(cancellationToken, siteId: id);
        return new SiteOutcome.Done(PlacementSiteResponse.From(site, inUse.GetValueOrDefault(id), Now));
    }
}
