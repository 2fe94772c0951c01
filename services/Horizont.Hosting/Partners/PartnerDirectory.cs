using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Partners;

public enum AgencyKind
{
    Jugendamt,
    Provider,
}

/// <summary>One agency Horizont can address (configuration section <c>Partners</c>, a list).</summary>
public sealed class Partner
{
    /// <summary>The agency id, e.g. <c>horizont-ev</c>; it is also the default name of its inbound queue.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,62}$", ErrorMessage = "Id must be lower case letters, digits and hyphens.")]
    public string Id { get; set; } = "";

    [Required]
    public string Name { get; set; } = "";

    public AgencyKind Kind { get; set; }

    /// <summary>The agency's inbound queue; defaults to the agency id.</summary>
    public string? Queue { get; set; }

    /// <summary>ISO 3166-2 subdivision code without the country, e.g. <c>TH</c> for Thuringia (working days follow its holidays).</summary>
    public string? FederalState { get; set; }

    /// <summary>
    /// The RabbitMQ user the agency connects as; defaults to the agency id. A message on RabbitMQ that claims this agency
    /// as its sender must carry this user as its broker-validated <c>user_id</c> (ADR 0011).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", ErrorMessage = "BrokerUser must be letters, digits, dots, underscores and hyphens.")]
    public string? BrokerUser { get; set; }

    public string QueueName => string.IsNullOrWhiteSpace(Queue) ? Id : Queue;

    public string BrokerUserName => string.IsNullOrWhiteSpace(BrokerUser) ? Id : BrokerUser;
}

/// <summary>The partner directory: who exists, of what kind, and where their inbound queue is.</summary>
public sealed class PartnerDirectory
{
    public const string Section = "Partners";

    private readonly Dictionary<string, Partner> _partners;

    public PartnerDirectory(IOptions<PartnerDirectoryOptions> options)
        : this(options.Value.Partners)
    {
    }

    public PartnerDirectory(IEnumerable<Partner> partners)
    {
        _partners = partners.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Partner> All => _partners.Values;

    public Partner? Find(string agencyId) => _partners.GetValueOrDefault(agencyId);

    /// <summary>Finds an agency of the given kind, or null when there is none by that id.</summary>
    public Partner? Find(string agencyId, AgencyKind kind)
    {
        var partner = Find(agencyId);
        return partner?.Kind == kind ? partner : null;
    }

    /// <summary>The partner, or an exception naming the id: for ids that configuration guarantees.</summary>
    public Partner Get(string agencyId) =>
        Find(agencyId) ?? throw new InvalidOperationException($"Agency '{agencyId}' is not in the partner directory (configuration section '{Section}').");

    public IEnumerable<Partner> OfKind(AgencyKind kind) => _partners.Values.Where(p => p.Kind == kind);
}

/// <summary>Binding target for the <c>Partners</c> list.</summary>
public sealed class PartnerDirectoryOptions
{
    public List<Partner> Partners { get; set; } = [];
}

internal sealed class ValidatePartnerDirectory : IValidateOptions<PartnerDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, PartnerDirectoryOptions options)
    {
        var failures = new List<string>();
        if (options.Partners.Count == 0)
            failures.Add($"'{PartnerDirectory.Section}' is empty: configure at least the agencies this process runs.");

        for (var i = 0; i < options.Partners.Count; i++)
        {
            var partner = options.Partners[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(partner, new ValidationContext(partner), results, validateAllProperties: true))
                failures.AddRange(results.Select(r => $"{PartnerDirectory.Section}:{i}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        foreach (var duplicate in options.Partners.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            failures.Add($"{PartnerDirectory.Section}: agency id '{duplicate.Key}' appears {duplicate.Count()} times.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Which agency this process acts as, read at registration time from <c>{section}:AgencyId</c>.</summary>
public static class AgencyIdentity
{
    /// <summary>
    /// The partner this service runs as: the configured id (or <paramref name="defaultAgencyId"/>) must be
    /// in the partner directory with the right kind, otherwise start fails with a message naming the key.
    /// </summary>
    public static Partner Resolve(Microsoft.Extensions.Configuration.IConfiguration configuration, string section, AgencyKind kind, string defaultAgencyId)
    {
        var key = $"{section}:AgencyId";
        var agencyId = configuration[key];
        if (string.IsNullOrWhiteSpace(agencyId))
            agencyId = defaultAgencyId;
        var partners = new List<Partner>();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(PartnerDirectory.Section), partners);
        var partner = partners.FirstOrDefault(p => p.Id == agencyId);
        if (partner is null)
            throw new OptionsValidationException(key, typeof(Partner), [$"'{key}' is '{agencyId}', which is not in '{PartnerDirectory.Section}'."]);
        if (partner.Kind != kind)
            throw new OptionsValidationException(key, typeof(Partner), [$"'{key}' is '{agencyId}', which is a {partner.Kind}, not a {kind}."]);
        return partner;
    }
}
