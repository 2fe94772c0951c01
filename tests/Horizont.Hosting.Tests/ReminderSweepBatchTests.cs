using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests;

/// <summary>The sweep raises a batch of referrals in one unit of work; a conflict in it must cost no referral its reminder, nor raise one twice.</summary>
public sealed class ReminderSweepBatchTests : IDisposable
{
    private static readonly DateTimeOffset Friday = HorizontTime.At(new DateOnly(2026, 11, 27), new TimeOnly(10, 0));
    private static readonly DateTimeOffset Wednesday = HorizontTime.At(new DateOnly(2026, 12, 2), new TimeOnly(10, 0));

    private readonly ReminderTestStore _store = new();
    private readonly ServiceProvider _services;
    private readonly ReminderTiming _timing = new(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);

    public ReminderSweepBatchTests()
    {
        var services = new ServiceCollection();
        services.AddScoped(_ => _store.NewContext());
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once()
    {
        var subjects = new RacedSubjects(_timing, _store);
        var cases = await SeedAsync(subjects, 3);
        subjects.RaceOn = cases[1].Id;

        var raised = await NewSweep(subjects, batchSize: 10).RunAsync(CancellationToken.None);

        Assert.Equal(new[] { cases[0].Id, cases[2].Id }.Order(), raised.Select(r => r.ReferralId).Order());
        await using var db = _store.NewContext();
        var stored = await db.Set<Reminder>().AsNoTracking().ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.Equal(3, stored.Select(r => r.ReferralId).Distinct().Count());
        Assert.Empty(await db.Set<ReminderSchedule>().AsNoTracking().Where(s => s.DueAt <= Wednesday).ToListAsync());
    }

    [Fact]
    public async Task Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing()
    {
        var subjects = new RacedSubjects(_timing, _store);
        var cases = await SeedAsync(subjects, 7);
        var sweep = NewSweep(subjects, batchSize: 3);

        var raised = await sweep.RunAsync(CancellationToken.None);
        var again = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(cases.Select(c => c.Id).Order(), raised.Select(r => r.ReferralId).Order());
        Assert.Empty(again);
    }

    private ReminderSweep<ReminderTestContext, TestCase> NewSweep(IReminderSubjects<TestCase> subjects, int batchSize) =>
        new(_services.GetRequiredService<IServiceScopeFactory>(),
            new ReminderPlanner<TestCase>(subjects, _timing),
            new ReminderSetup<ReminderTestContext>(ReminderSide.Provider, _timing, "http://localhost:5000", "/provider/faelle/{id}"),
            new FakeTimeProvider(Wednesday),
            Options.Create(new ReminderOptions { BatchSize = batchSize }),
            Options.Create(new SmtpOptions()),
            NullLogger<ReminderSweep<ReminderTestContext, TestCase>>.Instance);

    private async Task<List<TestCase>> SeedAsync(IReminderSubjects<TestCase> subjects, int count)
    {
        var planner = new ReminderPlanner<TestCase>(subjects, _timing);
        var cases = Enumerable.Range(0, count).Select(i => new TestCase { Id = Guid.NewGuid(), FileReference = $"JA-2026-{i}", Since = Friday }).ToList();
        await using var db = _store.NewContext();
        foreach (var c in cases)
        {
            db.Cases.Add(c);
            planner.PlanNew(db, c, Friday);
        }

        await db.SaveChangesAsync();
        return cases;
    }

    /// <summary>
    /// The unanswered-referral rule; when the sweep raises the occasion of <see cref="RaceOn"/>, another instance has
    /// just stored the same occasion (once), so the batch's save meets the unique key.
    /// </summary>
    private sealed class RacedSubjects(ReminderTiming timing, ReminderTestStore store) : IReminderSubjects<TestCase>
    {
        private readonly UnansweredReferralSubjects _rule = new(timing);

        public Guid? RaceOn { get; set; }

        public Guid KeyOf(TestCase subject) => subject.Id;

        public string FileReferenceOf(TestCase subject) => subject.FileReference;

        public IEnumerable<ReminderSeries> Plan(TestCase subject) => _rule.Plan(subject);

        public IQueryable<Guid> ActiveKeys(DbContext db) => _rule.ActiveKeys(db);

        public Task<TestCase?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) => _rule.FindAsync(db, key, cancellationToken);

        public void Raised(DbContext db, TestCase subject, Reminder reminder, DateTimeOffset now)
        {
            if (subject.Id != RaceOn)
                return;
            RaceOn = null;
            using var other = store.NewContext();
            other.Add(new Reminder
            {
                Id = Guid.NewGuid(),
                ReferralId = reminder.ReferralId,
                FileReference = reminder.FileReference,
                Rule = reminder.Rule,
                Team = reminder.Team,
                DueAt = reminder.DueAt,
                RaisedAt = now,
                State = ReminderState.Open,
                Mail = ReminderMailState.NotConfigured,
            });
            other.SaveChanges();
        }
    }
}
