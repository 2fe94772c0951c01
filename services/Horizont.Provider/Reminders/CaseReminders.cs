using Horizont.Hosting;
using Horizont.Hosting.Reminders;
using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;
using static Horizont.Hosting.Reminders.ReminderCatalogue;

namespace Horizont.Provider.Reminders;

/// <summary>
/// The provider's reminder rules (domain.md, "Reminders and escalations") over a <see cref="Case"/>: which
/// apply in its state and from when. Each rule starts at the step that makes it relevant, so any later step
/// (hours logged, intake scheduled, completed, withdrawn) replans it away or to a new occasion.
/// </summary>
internal sealed class CaseReminders(ReminderSetup<CaseDbContext> setup) : IReminderSubjects<Case>
{
    private ReminderTiming Timing => setup.Timing;

    public Guid KeyOf(Case subject) => subject.ReferralId;

    public string FileReferenceOf(Case subject) => subject.FileReference;

    public IQueryable<Guid> ActiveKeys(DbContext db) =>
        db.Set<Case>().Where(c => c.State == CaseState.Submitted || Case.WorkingStates.Contains(c.State)).Select(c => c.ReferralId);

    public async Task<Case?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        await db.Set<Case>().SingleOrDefaultAsync(c => c.ReferralId == key, cancellationToken);

    public async Task<IReadOnlyList<Case>> FindAllAsync(DbContext db, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        await db.Set<Case>().AsNoTracking().Where(c => keys.Contains(c.ReferralId)).ToListAsync(cancellationToken);

    public IEnumerable<ReminderSeries> Plan(Case c)
    {
        var series = new List<ReminderSeries>();
        void Add(string rule, DateTimeOffset? due, string? detail = null, bool repeats = false)
        {
            if (due is { } at)
                series.Add(new ReminderSeries(rule, at, detail, repeats));
        }

        switch (c.State)
        {
            case CaseState.Submitted:
                Add(UnansweredReferral, Timing.After(UnansweredReferral, c.ReceivedAt), $"Eingegangen am {GermanText.Time(c.ReceivedAt)}.");
                break;
            case CaseState.Accepted:
                Add(IntakeNotScheduled, Timing.After(IntakeNotScheduled, c.StateSince), $"Angenommen bzw. wieder offen seit {GermanText.Time(c.StateSince)}.");
                break;
            case CaseState.IntakeMissed:
                Add(IntakeMissed, Timing.After(IntakeMissed, c.StateSince), c.IntakeMissedCount >= Case.MaxIntakeMisses
                    ? $"Das Erstgespräch wurde {c.IntakeMissedCount}-mal versäumt: Die Nichterfüllung ist dem Jugendamt zu melden."
                    : $"Versäumt am {(c.IntakeLastMissedOn is { } missed ? GermanText.Date(missed) : "?")}.");
                break;
            case CaseState.Placed or CaseState.InProgress:
                Add(NoHoursLogged, Timing.After(NoHoursLogged, WaitingForHoursSince(c)), HoursDetail(c), repeats: true);
                break;
        }

        if (c.IsWorking && c.HoursOpen > 0)
        {
            var deadlineEnd = c.DeadlineEnd;
            var deadline = $"Frist {GermanText.Date(c.Deadline)}; {HoursDetail(c)}";
            if (c.HalfTimePassedOn is { } half && c.HoursCompleted * 2 < c.HoursOrdered)
                Add(BehindSchedule, Timing.After(BehindSchedule, HorizontTime.StartOf(half)), deadline);
            Add(DeadlineApproaching, Timing.Before(DeadlineApproaching, deadlineEnd), deadline);
            if (c.ExtensionProposedDeadline is null)
                Add(ExtensionPrompt, Timing.Before(ExtensionPrompt, deadlineEnd), deadline);
            Add(DeadlinePassed, Timing.After(DeadlinePassed, deadlineEnd), deadline);
            if (c.StatusReportedAt is not { } reported || reported < deadlineEnd)
                Add(ReportOverdue, Timing.After(ReportOverdue, deadlineEnd), deadline);
        }

        return series;
    }

    public void Raised(DbContext db, Case subject, Reminder reminder, DateTimeOffset now)
    {
        // The sweep reads its batch untracked: the history line is added to the unit of work itself.
        db.Add(subject.RecordReminder(now, Timing.Rule(reminder.Rule).Title, ReminderDesk.TeamLabel(reminder.Team), reminder.DueAt));
        if (reminder.Rule is not (BehindSchedule or DeadlinePassed))
            return;

        // Time alone may set AT_RISK or OVERDUE: the case is tracked from here (as loaded, so its version guards the
        // save), says so in its history and returns the message for the Jugendamt.
        if (db.Entry(subject).State == EntityState.Detached)
            db.Attach(subject);
        if (subject.ReviewFlags(now) is { } changed)
            db.SendToJugendamt(subject, changed, now);
    }

    public IReadOnlyCollection<Type> RecordTypes { get; } = [typeof(CaseHistoryEntry)];

    /// <summary>Hours are awaited from the placement's start (or its arrangement, if later) and from every later entry.</summary>
    private static DateTimeOffset WaitingForHoursSince(Case c)
    {
        var since = c.PlacedAt ?? c.StateSince;
        if (c.PlacementStartDate is { } start && HorizontTime.StartOf(start) > since)
            since = HorizontTime.StartOf(start);
        if (c.HoursLoggedAt is { } logged && logged > since)
            since = logged;
        return since;
    }

    private static string HoursDetail(Case c) => $"geleistet {GermanText.Hours(c.HoursCompleted)} von {GermanText.Hours(c.HoursOrdered)} Stunden.";
}
