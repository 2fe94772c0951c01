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

    /// <summary>
    /// How long a file in the inbox must keep its size and last write time before it is read, so that a file written in
    /// several steps without a rename is never read halfway. Zero reads a file at the first pass that sees it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IntakeSettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest intake file that is read; a larger one is refused without being read.</summary>
    [Range(1024L, 1024L * 1024 * 1024)]
    public long MaxIntakeFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Health reports the intake degraded when an entry sits in the inbox this long, and unhealthy when no pass has completed for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IntakeStuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a file claimed by an instance (in <c>inbox/.processing/INSTANCE/</c>) stays its own without a sign of
    /// life from that instance; after that any instance returns it to the inbox.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan IntakeClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The name of this instance's claim folder; default the machine name and process id (unique per process).</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string? IntakeInstance { get; set; }

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

    /// <summary>
    /// How long a finished referral (declined, completed, withdrawn, closed) keeps its personal data after its last event
    /// or document; then the retention sweep erases it (domain.md: 5 years after the last document).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "7300.00:00:00", ErrorMessage = "Jugendamt:ReferralRetention must be between 1 day and 20 years.")]
    public TimeSpan ReferralRetention { get; set; } = TimeSpan.FromDays(1826);

    /// <summary>How long a read intake file stays in <c>processed/</c> (it serves delivery only; the ledger keeps what was handed over).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Jugendamt:ProcessedFileRetention must be between 1 hour and 10 years.")]
    public TimeSpan ProcessedFileRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a refused file stays in <c>rejected/</c>, together with its <c>.error.txt</c> reason file.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Jugendamt:RejectedFileRetention must be between 1 hour and 10 years.")]
    public TimeSpan RejectedFileRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a file written to <c>export/</c> for the case system stays there.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Jugendamt:ExportFileRetention must be between 1 hour and 10 years.")]
    public TimeSpan ExportFileRetention { get; set; } = TimeSpan.FromDays(90);
}
