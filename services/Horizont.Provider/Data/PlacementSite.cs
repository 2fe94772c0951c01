using Horizont.Messages;

namespace Horizont.Provider.Data;

/// <summary>
/// An Einsatzstelle of the provider's catalogue: where young people work their hours. Its name and details stay at the
/// provider; the Jugendamt learns only a placement's category. Changed only through <see cref="Create"/> and
/// <see cref="Update"/>, with input checked by <see cref="PlacementSites.Check"/>.
/// </summary>
public sealed class PlacementSite
{
    private PlacementSite()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Street { get; private set; } = "";

    public string PostalCode { get; private set; } = "";

    public string City { get; private set; } = "";

    /// <summary>Codes from <see cref="PlacementCategoryCodes"/>; at least one.</summary>
    public List<string> Categories { get; private set; } = [];

    /// <summary>How many young people the site can take at the same time (at least 1).</summary>
    public int Places { get; private set; }

    /// <summary>Days and times at which the work can be done (free text, e.g. "Mo–Fr 9–13 Uhr").</summary>
    public string Schedule { get; private set; } = "";

    /// <summary>The youngest age the site takes, if any (18: no minors).</summary>
    public int? MinimumAge { get; private set; }

    /// <summary>Offences the site does not accept (free text).</summary>
    public string? ExcludedOffences { get; private set; }

    public string ContactName { get; private set; } = "";

    public string? ContactPhone { get; private set; }

    public string? ContactEmail { get; private set; }

    /// <summary>How the young person is insured against accidents at the site (free text).</summary>
    public string? AccidentInsuranceNote { get; private set; }

    /// <summary>Only active sites can be chosen for a placement.</summary>
    public bool Active { get; private set; }

    /// <summary>When the entry was last created or changed: an entry not checked for a year is flagged as out of date.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    /// <summary>Optimistic concurrency: every change raises it.</summary>
    public int Version { get; private set; }

    /// <summary>A new site from checked input.</summary>
    public static PlacementSite Create(PlacementSiteValues values, DateTimeOffset now, string actor)
    {
        var site = new PlacementSite { Id = Guid.NewGuid() };
        site.Apply(values, now, actor);
        return site;
    }

    /// <summary>Replaces the entry with checked input (deactivating is <c>Active = false</c>).</summary>
    public void Update(PlacementSiteValues values, DateTimeOffset now, string actor)
    {
        Apply(values, now, actor);
        Version++;
    }

    /// <summary>
    /// A case is placed here: raises the version only, so that two placements counting the same last free place at
    /// the same time conflict on saving instead of both taking it.
    /// </summary>
    public void TakePlace() => Version++;

    /// <summary>Whether the entry was last checked more than a year before <paramref name="now"/>.</summary>
    public bool IsOutOfDate(DateTimeOffset now) => UpdatedAt < now.AddMonths(-PlacementSites.CheckEveryMonths);

    private void Apply(PlacementSiteValues values, DateTimeOffset now, string actor)
    {
        Name = values.Name;
        Street = values.Street;
        PostalCode = values.PostalCode;
        City = values.City;
        Categories = [.. values.Categories];
        Places = values.Places;
        Schedule = values.Schedule;
        MinimumAge = values.MinimumAge;
        ExcludedOffences = values.ExcludedOffences;
        ContactName = values.ContactName;
        ContactPhone = values.ContactPhone;
        ContactEmail = values.ContactEmail;
        AccidentInsuranceNote = values.AccidentInsuranceNote;
        Active = values.Active;
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}

/// <summary>A site's entry after <see cref="PlacementSites.Check"/>: trimmed, in range, categories known.</summary>
public sealed record PlacementSiteValues(
    string Name,
    string Street,
    string PostalCode,
    string City,
    IReadOnlyList<string> Categories,
    int Places,
    string Schedule,
    int? MinimumAge,
    string? ExcludedOffences,
    string ContactName,
    string? ContactPhone,
    string? ContactEmail,
    string? AccidentInsuranceNote,
    bool Active);
