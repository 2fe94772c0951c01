namespace Horizont.Jugendamt.Intake;

/// <summary>
/// What the intake has seen of the inbox, kept between passes: since when each entry is there and whether it has
/// settled (unchanged size and last write time), which problems were reported already (reported once, not every
/// poll), and when the last pass completed. The health check reads it.
/// </summary>
internal sealed class IntakeWatch(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Observation> _entries = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private DateTimeOffset? _lastPass;

    /// <summary>When the last pass over the inbox completed, or the start of the service before the first.</summary>
    public DateTimeOffset LastPassOrStart
    {
        get
        {
            lock (_lock)
                return _lastPass ?? _started;
        }
    }

    /// <summary>The entries in the inbox at the last pass and since when the oldest is there (null: none).</summary>
    public (int Count, DateTimeOffset? OldestSince) Waiting
    {
        get
        {
            lock (_lock)
                return (_entries.Count, _entries.Count == 0 ? null : _entries.Values.Min(o => o.FirstSeen));
        }
    }

    /// <summary>
    /// Notes <paramref name="entry"/> under <paramref name="name"/>; true when it has kept its size and last write time
    /// for at least <paramref name="settle"/> (at once when that is zero).
    /// </summary>
    public bool Settled(string name, IntakeEntry entry, TimeSpan settle)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var seen = Observe(name, now);
            if (seen.Size != entry.Size || seen.LastWrite != entry.LastWrite)
            {
                seen.Size = entry.Size;
                seen.LastWrite = entry.LastWrite;
                seen.StableSince = now;
            }

            return settle <= TimeSpan.Zero || now - seen.StableSince >= settle;
        }
    }

    /// <summary>Notes that <paramref name="name"/> is in the inbox (for the age the health check reports).</summary>
    public void Seen(string name)
    {
        var now = time.GetUtcNow();
        lock (_lock)
            Observe(name, now);
    }

    /// <summary>
    /// True the first time a problem <paramref name="problem"/> is reported for <paramref name="name"/>, false while the
    /// same problem persists for the same entry: a problem is logged once, not every poll.
    /// </summary>
    public bool FirstReport(string name, string problem)
    {
        lock (_lock)
        {
            var seen = Observe(name, time.GetUtcNow());
            if (seen.Reported == problem)
                return false;
            seen.Reported = problem;
            return true;
        }
    }

    /// <summary>Ends a pass: entries no longer in the inbox are forgotten.</summary>
    public void PassCompleted(IReadOnlySet<string> present)
    {
        lock (_lock)
        {
            foreach (var gone in _entries.Keys.Where(k => !present.Contains(k)).ToList())
                _entries.Remove(gone);
            _lastPass = time.GetUtcNow();
        }
    }

    /// <summary>Forgets an entry that has left the inbox (moved, claimed).</summary>
    public void Left(string name)
    {
        lock (_lock)
            _entries.Remove(name);
    }

    private Observation Observe(string name, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(name, out var seen))
            _entries[name] = seen = new Observation { FirstSeen = now, StableSince = now, Size = -1 };
        return seen;
    }

    private sealed class Observation
    {
        public DateTimeOffset FirstSeen { get; init; }
        public DateTimeOffset StableSince { get; set; }
        public long Size { get; set; }
        public DateTimeOffset LastWrite { get; set; }
        public string? Reported { get; set; }
    }
}
