using System.ComponentModel.DataAnnotations;

namespace Horizont.Provider.Options;

/// <summary>Settings of the provider side (section <c>Provider</c>; environment: <c>Provider__AgencyId</c>).</summary>
public sealed class ProviderOptions
{
    public const string Section = "Provider";
    public const string DefaultAgencyId = "horizont-ev";

    /// <summary>The agency this process acts as; it must be a provider in the partner directory.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,62}$", ErrorMessage = "Provider:AgencyId must be lower case letters, digits and hyphens.")]
    public string AgencyId { get; set; } = DefaultAgencyId;

    /// <summary>
    /// How long an ended case (declined, completed, withdrawn) keeps its personal data, counted from its end; then the
    /// retention sweep erases it (domain.md: 6 months).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Provider:CaseRetention must be between 1 day and 10 years.")]
    public TimeSpan CaseRetention { get; set; } = TimeSpan.FromDays(183);
}
