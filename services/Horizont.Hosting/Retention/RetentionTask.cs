namespace Horizont.Hosting.Retention;

/// <summary>
/// One kind of data that expires at an agency (ended cases, finished referrals, delivered files): the retention sweep
/// runs every registered task once per <c>Messaging:RetentionInterval</c>, each in its own scope. A task must be safe to
/// run on several instances at once: what another instance erased a moment ago is skipped, not an error.
/// </summary>
public interface IRetentionTask
{
    /// <summary>What the task erases, for the log (no personal data).</summary>
    string Name { get; }

    /// <summary>Erases what has expired now; how many records or files.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}
