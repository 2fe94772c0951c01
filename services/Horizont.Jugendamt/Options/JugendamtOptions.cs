using System.ComponentModel.DataAnnotations;

namespace Horizont.Jugendamt.Options;

/// <summary>Settings of the Jugendamt adapter (section <c>Jugendamt</c>; environment: <c>Jugendamt__Key</c>).</summary>
public sealed class JugendamtOptions
{
    public const string Section = "Jugendamt";
    public const string DefaultAgencyId = "ja-nordhausen";

    /// <summary>The agency this process acts as; must be a Jugendamt in the partner directory.</summary>
    [Required]
    public string AgencyId { get; set; } = DefaultAgencyId;

    /// <summary>How often the intake folder is read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan IntakePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the case system drops referral files; default <c>{Horizont:DataDirectory}/jugendamt/inbox</c>.</summary>
    public string? InboxDirectory { get; set; }

    /// <summary>Where read files go; default <c>{Horizont:DataDirectory}/jugendamt/processed</c>.</summary>
    public string? ProcessedDirectory { get; set; }

    /// <summary>Where refused files and their error reports go; default <c>{Horizont:DataDirectory}/jugendamt/rejected</c>.</summary>
    public string? RejectedDirectory { get; set; }

    /// <summary>Where the providers' answers are written for the case system; default <c>{Horizont:DataDirectory}/jugendamt/export</c>.</summary>
    public string? ExportDirectory { get; set; }

    /// <summary>How long a written export file's row stays in the ledger's export outbox before it is deleted (the files themselves stay).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan ExportRetention { get; set; } = TimeSpan.FromDays(7);
}
