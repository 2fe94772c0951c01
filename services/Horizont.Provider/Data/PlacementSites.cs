using System.Globalization;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Endpoints;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Data;

/// <summary>A site's entry as the API receives it and the catalogue page posts it (wire names are the field names of errors).</summary>
public sealed record PlacementSiteRequest(
    string? Name,
    string? Street,
    string? PostalCode,
    string? City,
    IReadOnlyList<string>? Categories,
    int? Places,
    string? Schedule,
    int? MinimumAge,
    string? ExcludedOffences,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail,
    string? AccidentInsuranceNote,
    bool? Active);

/// <summary>
/// The rules of the Einsatzstellen catalogue, once for the API and the pages: what an entry must hold, which cases
/// take up a place, and whether a site can take one more young person.
/// </summary>
public static class PlacementSites
{
    /// <summary>An entry not changed for this many months is shown as not checked.</summary>
    public const int CheckEveryMonths = 12;

    public const int MaxPlaces = 999;

    public const int MaxScheduleLength = 300;

    public const int MaxPostalCodeLength = 10;

    public const string PlacesMessage = "Plätze muss eine ganze Zahl ab 1 sein.";

    public const string MinimumAgeMessage = "Mindestalter muss eine ganze Zahl zwischen 14 und 27 sein.";

    /// <summary>The states in which a case takes up a place at its site (placed, or working its hours).</summary>
    public static readonly CaseState[] PlaceTakingStates = [CaseState.Placed, CaseState.InProgress];

    /// <summary>Checks an entry; the values when it is valid, otherwise null and German errors naming the fields.</summary>
    public static PlacementSiteValues? Check(PlacementSiteRequest? body, FieldErrors errors)
    {
        var name = Required(errors, "name", body?.Name, ReferralLimits.MaxNameLength, "Name fehlt.");
        var street = Required(errors, "street", body?.Street, ReferralLimits.MaxAddressLength, "Straße fehlt.");
        var postalCode = Required(errors, "postalCode", body?.PostalCode, MaxPostalCodeLength, "Postleitzahl fehlt.");
        if (postalCode is not null && !(postalCode.Length == 5 && postalCode.All(char.IsAsciiDigit)))
            errors.Add("postalCode", "Postleitzahl muss aus fünf Ziffern bestehen.");
        var city = Required(errors, "city", body?.City, ReferralLimits.MaxNameLength, "Ort fehlt.");

        var categories = (body?.Categories ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        if (categories.Count == 0)
            errors.Add("categories", $"Mindestens eine Kategorie wählen. Erlaubt: {string.Join(", ", PlacementCategoryCodes.All)}.");
        foreach (var unknown in categories.Where(c => !PlacementCategoryCodes.All.Contains(c, StringComparer.Ordinal)))
            errors.RequireCode("categories", unknown, PlacementCategoryCodes.All);

        if (body?.Places is not (>= 1 and <= MaxPlaces))
            errors.Add("places", body?.Places is > MaxPlaces ? $"Höchstens {MaxPlaces} Plätze." : PlacesMessage);
        if (body?.MinimumAge is { } age && age is < 14 or > 27)
            errors.Add("minimumAge", MinimumAgeMessage);

        var schedule = Required(errors, "schedule", body?.Schedule, MaxScheduleLength, "Tage und Zeiten fehlen.");
        var excluded = Optional(errors, "excludedOffences", body?.ExcludedOffences, ReferralLimits.MaxNoteLength, lineBreaks: true);
        var contactName = Required(errors, "contactName", body?.ContactName, ReferralLimits.MaxNameLength, "Ansprechperson fehlt.");
        var phone = Optional(errors, "contactPhone", body?.ContactPhone, ReferralLimits.MaxPhoneLength);
        var email = Optional(errors, "contactEmail", body?.ContactEmail, ReferralLimits.MaxEmailLength);
        if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@') || email.Contains(' ', StringComparison.Ordinal)))
            errors.Add("contactEmail", "Die E-Mail-Adresse ist ungültig.");
        var insurance = Optional(errors, "accidentInsuranceNote", body?.AccidentInsuranceNote, ReferralLimits.MaxNoteLength, lineBreaks: true);

        if (errors.Any)
            return null;
        return new PlacementSiteValues(
            name!, street!, postalCode!, city!, categories, body!.Places!.Value, schedule!, body.MinimumAge, excluded,
            contactName!, phone, email, insurance, body.Active ?? true);
    }

    /// <summary>A whole number typed into a form; null (and <paramref name="message"/> for <paramref name="field"/>) when it is not one.</summary>
    public static int? WholeNumber(FieldErrors errors, string field, string? text, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number;
        errors.Add(field, message);
        return null;
    }

    /// <summary>How many cases take up a place at each site (see <see cref="PlaceTakingStates"/>), computed from the cases.</summary>
    public static async Task<Dictionary<Guid, int>> PlacesInUseAsync(this CaseDbContext db, CancellationToken cancellationToken, Guid? siteId = null, Guid? except = null) =>
        await db.Cases.AsNoTracking()
            .Where(c => c.PlacementSiteId != null && PlaceTakingStates.Contains(c.State))
            .Where(c => siteId == null || c.PlacementSiteId == siteId)
            .Where(c => except == null || c.ReferralId != except)
            .GroupBy(c => c.PlacementSiteId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>
    /// Why <paramref name="site"/> cannot take the young person of <paramref name="case"/> in <paramref name="category"/>
    /// from <paramref name="startDate"/>, as problems for the field <c>siteId</c> (or <c>category</c>); empty when it can.
    /// <paramref name="placesInUse"/> counts the other cases at the site.
    /// </summary>
    public static IReadOnlyList<InputProblem> PlacementProblems(PlacementSite? site, Case @case, string category, DateOnly startDate, int placesInUse)
    {
        if (site is null)
            return [new InputProblem("siteId", "Diese Einsatzstelle gibt es nicht im Katalog.")];
        var problems = new List<InputProblem>();
        if (!site.Active)
            problems.Add(new InputProblem("siteId", "Die Einsatzstelle ist nicht aktiv."));
        else if (placesInUse >= site.Places)
            problems.Add(new InputProblem("siteId", $"Die Einsatzstelle hat keinen freien Platz (alle {site.Places} belegt)."));
        if (!site.Categories.Contains(category, StringComparer.Ordinal))
            problems.Add(new InputProblem("category", "Die Einsatzstelle bietet diese Kategorie nicht an."));
        if (site.MinimumAge is { } minimum && AgeOn(@case.YoungPerson.DateOfBirth, startDate) < minimum)
            problems.Add(new InputProblem("siteId", $"Die Einsatzstelle nimmt erst ab {minimum} Jahren; die junge Person ist zum Beginn jünger."));
        return problems;
    }

    /// <summary>Full years of age on <paramref name="day"/>.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > day ? age - 1 : age;
    }

    private static string? Required(FieldErrors errors, string field, string? value, int maximum, string missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, missing);
            return null;
        }

        return Optional(errors, field, value, maximum);
    }

    private static string? Optional(FieldErrors errors, string field, string? value, int maximum, bool lineBreaks = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var trimmed = value.Trim();
        errors.Text(field, trimmed, maximum, lineBreaks);
        return trimmed;
    }
}
