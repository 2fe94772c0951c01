using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// A rule that applies to a referral as it stands now, and when it is due: <see cref="FirstDue"/> once, or
/// (<see cref="Repeats"/>) again every <c>After</c> of the rule while the referral stays as it is.
/// <see cref="Detail"/> is German, dates and hours only.
/// </summary>
public sealed record ReminderSeries(string Rule, DateTimeOffset FirstDue, string? Detail = null, bool Repeats = false);

/// <summary>What a service tells the reminder machinery about the things its reminders are about (a case, a referral).</summary>
public interface IReminderSubjects<TSubject>
    where TSubject : class
{
    Guid KeyOf(TSubject subject);

    string FileReferenceOf(TSubject subject);

    /// <summary>Every enabled rule that applies to the subject as it stands now, with its due time (see <see cref="ReminderTiming"/>).</summary>
    IEnumerable<ReminderSeries> Plan(TSubject subject);

    /// <summary>The keys of the subjects any rule could still apply to (not ended), for replanning them all at start.</summary>
    IQueryable<Guid> ActiveKeys(DbContext db);

    /// <summary>Loads the subject for the sweep, tracked, or null when it no longer exists.</summary>
    Task<TSubject?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken);

    /// <summary>
    /// Loads the subjects of <paramref name="keys"/> that still exist: the sweep's batch and a page of the replanning at
    /// start. Planning only reads a subject, so a service's store answers with one query without tracking (no snapshot
    /// and no change scan of a thousand cases per save); <see cref="Raised"/> then adds what it records to the unit of
    /// work itself and attaches a subject before changing it. The default asks <see cref="FindAsync"/> one at a time.
    /// </summary>
    async Task<IReadOnlyList<TSubject>> FindAllAsync(DbContext db, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var found = new List<TSubject>();
        foreach (var key in keys)
        {
            if (await FindAsync(db, key, cancellationToken) is { } subject)
                found.Add(subject);
        }

        return found;
    }

    /// <summary>
    /// What else happens, in the same unit of work, when a reminder is raised: a history line, a flag set and
    /// sent to the partner agency. The subject may be untracked (see <see cref="FindAllAsync"/>): what is recorded is
    /// added to <paramref name="db"/>, and a subject is attached before it is changed.
    /// </summary>
    void Raised(DbContext db, TSubject subject, Reminder reminder, DateTimeOffset now);

    /// <summary>
    /// The entity types of the records <see cref="Raised"/> adds (history lines): append-only rows that the sweep writes
    /// set-based with its reminders (<see cref="Data.SetBasedWrites"/>), not one command each.
    /// </summary>
    IReadOnlyCollection<Type> RecordTypes => [];
}

/// <summary>
/// Keeps each subject's <see cref="ReminderSchedule"/> rows in step with its rules, and raises the reminders
/// that are due. An occasion is a rule's due time; one already raised (a <see cref="Reminder"/> row with that
/// due time) is never planned again. After downtime a repeating rule raises only its latest occasion, not
/// every one it missed.
/// </summary>
public sealed class ReminderPlanner<TSubject>(IReminderSubjects<TSubject> subjects, ReminderTiming timing)
    where TSubject : class
{
    public IReminderSubjects<TSubject> Subjects => subjects;

    /// <summary>Rewrites the subject's schedule rows: one per applicable rule, at the next occasion not yet raised.</summary>
    public Task ReplanAsync(DbContext db, TSubject subject, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReplanAsync(db, [subject], now, cancellationToken);

    /// <summary>
    /// Plans a subject this unit of work adds: nothing of it is stored yet (its key is new, and a subject's rows go
    /// with it when it is deleted), so only what the unit of work holds counts, and the database is not asked.
    /// Every referral and case starts here, so intake saves two round trips.
    /// </summary>
    public void PlanNew(DbContext db, TSubject subject, DateTimeOffset now)
    {
        var key = subjects.KeyOf(subject);
        Replan(db, subject, LocalRaised(db, key), LocalSchedule(db, key, []), now);
    }

    /// <summary>
    /// Replans several subjects of one unit of work with two queries in all (their raised reminders and their
    /// schedule rows), not two per subject: what the save-time replanning of a batch needs.
    /// </summary>
    public async Task ReplanAsync(DbContext db, IReadOnlyList<TSubject> changed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (raised, schedule) = await LoadAsync(db, changed, cancellationToken);
        foreach (var subject in changed)
        {
            var key = subjects.KeyOf(subject);
            Replan(db, subject, raised[key], schedule[key], now);
        }
    }

    /// <summary>Adds a reminder for every rule whose current occasion has come and was not raised yet; then replans.</summary>
    public Task<IReadOnlyList<Reminder>> RaiseDueAsync(DbContext db, TSubject subject, DateTimeOffset now, bool mail, CancellationToken cancellationToken) =>
        RaiseDueAsync(db, [subject], now, mail, cancellationToken);

    /// <summary>
    /// <see cref="RaiseDueAsync(DbContext, TSubject, DateTimeOffset, bool, CancellationToken)"/> for a batch of subjects in one
    /// unit of work, with two queries in all; the sweep's batch, committed together.
    /// </summary>
    public async Task<IReadOnlyList<Reminder>> RaiseDueAsync(DbContext db, IReadOnlyList<TSubject> batch, DateTimeOffset now, bool mail, CancellationToken cancellationToken)
    {
        var (raised, schedule) = await LoadAsync(db, batch, cancellationToken);
        var added = new List<Reminder>();
        foreach (var subject in batch)
        {
            // Planned once for both steps. Should Raised change the subject (a flag), the save replans it as it is then.
            var key = subjects.KeyOf(subject);
            var plan = subjects.Plan(subject).ToList();
            added.AddRange(RaiseDue(db, subject, plan, raised[key], now, mail));
            Replan(db, subject, plan, raised[key], schedule[key], now);
        }

        return added;
    }

    private List<Reminder> RaiseDue(
        DbContext db, TSubject subject, List<ReminderSeries> plan, HashSet<(string Rule, DateTimeOffset Due)> raised, DateTimeOffset now, bool mail)
    {
        var key = subjects.KeyOf(subject);
        var added = new List<Reminder>();
        foreach (var series in plan)
        {
            if (NextOccasion(series, raised, now) is not { } due || due > now)
                continue;
            var rule = timing.Rule(series.Rule);
            var reminder = new Reminder
            {
                Id = Guid.NewGuid(),
                ReferralId = key,
                FileReference = subjects.FileReferenceOf(subject),
                Rule = rule.Name,
                Team = rule.Team,
                DueAt = due,
                RaisedAt = now,
                Detail = series.Detail,
                State = ReminderState.Open,
                Mail = mail ? ReminderMailState.Pending : ReminderMailState.NotConfigured,
                MailDueAt = mail ? now : null,
            };
            db.Add(reminder);
            raised.Add((rule.Name, due));
            added.Add(reminder);
            subjects.Raised(db, subject, reminder, now);
        }

        return added;
    }

    /// <summary>Schedule rows of a subject that is gone.</summary>
    public async Task ForgetAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        db.RemoveRange(await ScheduleAsync(db, key, cancellationToken));

    private void Replan(DbContext db, TSubject subject, HashSet<(string Rule, DateTimeOffset Due)> raised, List<ReminderSchedule> rows, DateTimeOffset now) =>
        Replan(db, subject, subjects.Plan(subject), raised, rows, now);

    private void Replan(
        DbContext db, TSubject subject, IEnumerable<ReminderSeries> plan, HashSet<(string Rule, DateTimeOffset Due)> raised, List<ReminderSchedule> rows, DateTimeOffset now)
    {
        var key = subjects.KeyOf(subject);
        var wanted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var series in plan)
        {
            if (NextOccasion(series, raised, now) is { } next && (!wanted.TryGetValue(series.Rule, out var other) || next < other))
                wanted[series.Rule] = next;
        }

        foreach (var row in rows)
        {
            if (!wanted.Remove(row.Rule, out var due))
                db.Remove(row);
            else if (row.DueAt != due)
                db.Entry(row).Property(r => r.DueAt).CurrentValue = due; // through the tracker: the save does not scan for it
        }

        foreach (var (rule, due) in wanted)
            db.Add(new ReminderSchedule { ReferralId = key, Rule = rule, DueAt = due });
    }

    /// <summary>
    /// The occasion to wait for (or to raise now, when it is not after <paramref name="now"/>). A one-off rule:
    /// its due time unless raised. A repeating rule: its latest occasion up to now unless raised, else the first after now.
    /// </summary>
    private DateTimeOffset? NextOccasion(ReminderSeries series, HashSet<(string Rule, DateTimeOffset Due)> raised, DateTimeOffset now)
    {
        if (!series.Repeats)
            return raised.Contains((series.Rule, series.FirstDue)) ? null : series.FirstDue;

        DateTimeOffset? current = null;
        var next = series.FirstDue;
        while (next <= now)
        {
            current = next;
            next = timing.Next(series.Rule, next, now);
        }

        return current is { } c && !raised.Contains((series.Rule, c)) ? c : next;
    }

    /// <summary>
    /// The raised occasions and the schedule rows (stored and tracked, without deleted ones) of every subject of
    /// <paramref name="batch"/>: one query each, and one look at what the unit of work tracks.
    /// </summary>
    private async Task<(Dictionary<Guid, HashSet<(string Rule, DateTimeOffset Due)>> Raised, Dictionary<Guid, List<ReminderSchedule>> Schedule)> LoadAsync(
        DbContext db, IReadOnlyList<TSubject> batch, CancellationToken cancellationToken)
    {
        var keys = batch.Select(subjects.KeyOf).Distinct().ToList();
        var stored = await db.Set<Reminder>().AsNoTracking()
            .Where(r => keys.Contains(r.ReferralId))
            .Select(r => new { r.ReferralId, r.Rule, r.DueAt })
            .ToListAsync(cancellationToken);
        await db.Set<ReminderSchedule>().Where(s => keys.Contains(s.ReferralId)).LoadAsync(cancellationToken);
        var raised = keys.ToDictionary(k => k, _ => new HashSet<(string Rule, DateTimeOffset Due)>());
        foreach (var r in stored)
            raised[r.ReferralId].Add((r.Rule, r.DueAt));
        foreach (var r in Tracked<Reminder>(db, r => raised.ContainsKey(r.ReferralId)))
            raised[r.ReferralId].Add((r.Rule, r.DueAt));
        // The tracking load put the stored rows among the tracked ones; Local leaves out the rows marked deleted.
        var schedule = keys.ToDictionary(k => k, _ => new List<ReminderSchedule>());
        foreach (var row in Tracked<ReminderSchedule>(db, s => schedule.ContainsKey(s.ReferralId)))
            schedule[row.ReferralId].Add(row);

        return (raised, schedule);
    }

    /// <summary>
    /// The tracked <typeparamref name="T"/> rows that match, without detecting changes first. DbSet.Local would detect
    /// them over every entity the unit of work tracks at each look: a sweep's or a replanning's batch of cases, an intake
    /// file's referrals. The planner adds and removes its rows itself (tracked at once), so nothing it reads here needs
    /// detection; SaveChanges detects everything once.
    /// </summary>
    private static List<T> Tracked<T>(DbContext db, Func<T, bool> match)
        where T : class
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Set<T>().Local.Where(match).ToList();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The reminders of <paramref name="key"/> this unit of work tracks (added, not saved yet, or loaded).</summary>
    private static HashSet<(string Rule, DateTimeOffset Due)> LocalRaised(DbContext db, Guid key) =>
        Tracked<Reminder>(db, r => r.ReferralId == key).Select(r => (r.Rule, r.DueAt)).ToHashSet();

    private static async Task<List<ReminderSchedule>> ScheduleAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        LocalSchedule(db, key, await db.Set<ReminderSchedule>().Where(s => s.ReferralId == key).ToListAsync(cancellationToken));

    /// <summary><paramref name="stored"/> with the rows added in this unit of work and not saved yet (tracked, not in the database), without deleted ones.</summary>
    private static List<ReminderSchedule> LocalSchedule(DbContext db, Guid key, List<ReminderSchedule> stored)
    {
        foreach (var local in Tracked<ReminderSchedule>(db, s => s.ReferralId == key && !stored.Contains(s)))
            stored.Add(local);
        return stored.Where(r => db.Entry(r).State != EntityState.Deleted).ToList();
    }
}
