using System.ComponentModel.DataAnnotations;

namespace Horizont.Hosting.Operations;

/// <summary>What every service needs to know of operations (section <c>Operations</c>): where and how often to report.</summary>
public sealed class HeartbeatOptions
{
    public const string Section = "Operations";

    /// <summary>The queue operations reads heartbeats from.</summary>
    public const string DefaultQueue = "horizont-operations";

    /// <summary>How often each service reports; operations calls an instance late after two missed beats and gone after three. Zero: no heartbeats.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The operations service's queue.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,99}$", ErrorMessage = "Operations:Queue must be a queue name of lowercase letters, digits, '.', '_' and '-'.")]
    public string Queue { get; set; } = DefaultQueue;

    /// <summary>This process's name in the heartbeats; by default host name and process id.</summary>
    public string? InstanceId { get; set; }

    public string Instance => string.IsNullOrWhiteSpace(InstanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId.Trim();
}
