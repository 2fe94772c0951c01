using Horizont.Hosting;
using Horizont.Hosting.Reminders;
using Horizont.Jugendamt.Data;
using Microsoft.EntityFrameworkCore;
using static Horizont.Hosting.Reminders.ReminderCatalogue;

namespace Horizont.Jugendamt.Reminders;

/// <summary>
/// The Jugendamt's follow-ups (domain.md): a referral the provider has not answered, the report to the court
/// after the completion, and the repeated follow-up after a non-compliance report until the court has decided
/// (an amendment or a withdrawal moves the referral on), and a command the provider refused until a corrected one is sent.
/// </summary>
internal sealed class ReferralFollowUps(ReminderSetup<LedgerDbContext> setup) : IReminderSubjects<Referral>
{
    private ReminderTiming Timing => setup.Timing;

    public Guid KeyOf(Referral subject) => subject.Id;

    public string FileReferenceOf(Referral subject) => subject.FileReference;

    public IQueryable<Guid> ActiveKeys(DbContext db) =>
        db.Set<Referral>()
            .Where(r => r.Status == ReferralStatus.Submitted || r.Status == ReferralStatus.Completed
                || r.Status == ReferralStatus.NonComplianceReported || r.Status == ReferralStatus.AwaitingCourt
                || r.Status == ReferralStatus.Refused)
            .Select(r => r.Id);

    public async Task<Referral?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) =>
        await db.Set<Referral>().SingleOrDefaultAsync(r => r.Id == key, cancellationToken);

    public async Task<IReadOnlyList<Referral>> FindAllAsync(DbContext db, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
        await db.Set<Referral>().AsNoTracking().Where(r => keys.Contains(r.Id)).ToListAsync(cancellationToken);

    public IEnumerable<ReminderSeries> Plan(Referral r)
    {
        var due = r.Status switch
        {
            ReferralStatus.Submitted => Timing.After(UnansweredReferral, r.SubmittedAt) is { } at
                ? new ReminderSeries(UnansweredReferral, at, $"Übergeben an {r.ProviderId} am {GermanText.Time(r.SubmittedAt)}.")
                : null,
            ReferralStatus.Completed when r.CourtReportedOn is null => Timing.After(CourtReportAfterCompletion, r.StatusSince) is { } at
                ? new ReminderSeries(CourtReportAfterCompletion, at,
                    $"Erledigung gemeldet am {GermanText.Time(r.StatusSince)}" + (r.CompletedOn is { } on ? $" (erledigt am {GermanText.Date(on)})." : "."))
                : null,
            ReferralStatus.NonComplianceReported or ReferralStatus.AwaitingCourt => Timing.After(NonComplianceFollowUp, r.StatusSince) is { } at
                ? new ReminderSeries(NonComplianceFollowUp, at, $"Nichterfüllung gemeldet am {GermanText.Time(r.StatusSince)}.", Repeats: true)
                : null,
            ReferralStatus.Refused => Timing.After(RefusedByProvider, r.StatusSince) is { } at
                ? new ReminderSeries(RefusedByProvider, at,
                    $"Vom Träger zurückgewiesen am {GermanText.Time(r.RefusedAt ?? r.StatusSince)}: {r.RefusedMessageType}, Grund {r.RefusalReasonCode}.")
                : null,
            _ => null,
        };
        return due is null ? [] : [due];
    }

    public IReadOnlyCollection<Type> RecordTypes { get; } = [typeof(LedgerHistoryEntry)];

    public void Raised(DbContext db, Referral subject, Reminder reminder, DateTimeOffset now) =>
        db.Set<LedgerHistoryEntry>().Add(new LedgerHistoryEntry
        {
            ReferralId = subject.Id,
            Time = now,
            Kind = LedgerHistoryKinds.FollowUpRaised,
            Actor = "horizont",
            Detail = $"Wiedervorlage „{Timing.Rule(reminder.Rule).Title}“ an {ReminderDesk.TeamLabel(reminder.Team)} (fällig {GermanText.Time(reminder.DueAt)}).",
        });
}
