using Horizont.Hosting.Reminders;
using Horizont.Provider.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests;

/// <summary>
/// The sweep raises a batch of referrals in one unit of work, and on PostgreSQL several batches at once; a conflict in
/// one must cost no referral its reminder, nor raise one twice.
/// </summary>
public abstract class ReminderSweepBatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Friday = HorizontTime.At(new DateOnly(2026, 11, 27), new TimeOnly(10, 0));
    private static readonly DateTimeOffset Wednesday = HorizontTime.At(new DateOnly(2026, 12, 2), new TimeOnly(10, 0));

    private readonly ReminderTiming _timing = new(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);
    private ServiceProvider? _services;

    public virtual Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddScoped(_ => NewContext());
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
    }

    protected abstract ReminderTestContext NewContext();

    protected async Task A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once()
    {
        var subjects = new RacedSubjects(_timing, NewContext);
        var cases = await SeedAsync(subjects, 3);
        subjects.RaceOn = cases[1].Id;

        var raised = await NewSweep(subjects, batchSize: 10).RunAsync(CancellationToken.None);

        Assert.Equal(new[] { cases[0].Id, cases[2].Id }.Order(), raised.Select(r => r.ReferralId).Order());
        await using var db = NewContext();
        var stored = await db.Set<Reminder>().AsNoTracking().ToListAsync();
        Assert.Equal(3, stored.Count);
        Assert.Equal(3, stored.Select(r => r.ReferralId).Distinct().Count());
        Assert.Empty(await db.Set<ReminderSchedule>().AsNoTracking().Where(s => s.DueAt <= Wednesday).ToListAsync());
    }

    protected async Task Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing()
    {
        var subjects = new RacedSubjects(_timing, NewContext);
        var cases = await SeedAsync(subjects, 7);
        var sweep = NewSweep(subjects, batchSize: 3);

        var raised = await sweep.RunAsync(CancellationToken.None);
        var again = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(cases.Select(c => c.Id).Order(), raised.Select(r => r.ReferralId).Order());
        Assert.Empty(again);
    }

    protected async Task Batches_at_once_raise_every_due_referral_once_even_when_one_of_them_meets_a_conflict()
    {
        var subjects = new RacedSubjects(_timing, NewContext);
        var cases = await SeedAsync(subjects, 20);
        subjects.RaceOn = cases[11].Id;
        var sweep = NewSweep(subjects, batchSize: 3, parallelism: 4);

        var raised = await sweep.RunAsync(CancellationToken.None);
        var again = await sweep.RunAsync(CancellationToken.None);

        Assert.Equal(cases.Where(c => c.Id != cases[11].Id).Select(c => c.Id).Order(), raised.Select(r => r.ReferralId).Order());
        Assert.Empty(again);
        await using var db = NewContext();
        var stored = await db.Set<Reminder>().AsNoTracking().ToListAsync();
        Assert.Equal(20, stored.Count);
        Assert.Equal(20, stored.Select(r => r.ReferralId).Distinct().Count());
        Assert.Empty(await db.Set<ReminderSchedule>().AsNoTracking().Where(s => s.DueAt <= Wednesday).ToListAsync());
    }

    /// <summary>How many batches were being read at the same time at most, when <paramref name="batches"/> could be.</summary>
    protected async Task<int> MostBatchesAtOnceAsync(int batches, TimeSpan waitForTheOthers)
    {
        var subjects = new CountingSubjects(new UnansweredReferralSubjects(_timing), batches, waitForTheOthers);
        var cases = await SeedAsync(subjects, batches * 2);

        var raised = await NewSweep(subjects, batchSize: 2, parallelism: batches).RunAsync(CancellationToken.None);

        Assert.Equal(cases.Select(c => c.Id).Order(), raised.Select(r => r.ReferralId).Order());
        return subjects.MostAtOnce;
    }

    private ReminderSweep<ReminderTestContext, TestCase> NewSweep(IReminderSubjects<TestCase> subjects, int batchSize, int parallelism = 0) =>
        new(_services!.GetRequiredService<IServiceScopeFactory>(),
            new ReminderPlanner<TestCase>(subjects, _timing),
            new ReminderSetup<ReminderTestContext>(ReminderSide.Provider, _timing, "http://localhost:5000", "/provider/faelle/{id}"),
            new FakeTimeProvider(Wednesday),
            Options.Create(new ReminderOptions { BatchSize = batchSize, SweepParallelism = parallelism }),
            Options.Create(new SmtpOptions()),
            NullLogger<ReminderSweep<ReminderTestContext, TestCase>>.Instance);

    private async Task<List<TestCase>> SeedAsync(IReminderSubjects<TestCase> subjects, int count)
    {
        var planner = new ReminderPlanner<TestCase>(subjects, _timing);
        var cases = Enumerable.Range(0, count).Select(i => new TestCase { Id = Guid.NewGuid(), FileReference = $"JA-2026-{i}", Since = Friday }).ToList();
        await using var db = NewContext();
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
    private sealed class RacedSubjects(ReminderTiming timing, Func<ReminderTestContext> newContext) : IReminderSubjects<TestCase>
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
            using var other = newContext();
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

    /// <summary>
    /// Counts the batches being read at once. Each batch waits (up to <paramref name="waitForTheOthers"/>) until all
    /// <paramref name="batches"/> have come, so batches that run at once are seen together however the threads are scheduled.
    /// </summary>
    private sealed class CountingSubjects(IReminderSubjects<TestCase> inner, int batches, TimeSpan waitForTheOthers) : IReminderSubjects<TestCase>
    {
        private readonly TaskCompletionSource _allCame = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _now;
        private int _came;
        private int _most;

        public int MostAtOnce => Volatile.Read(ref _most);

        public Guid KeyOf(TestCase subject) => inner.KeyOf(subject);

        public string FileReferenceOf(TestCase subject) => inner.FileReferenceOf(subject);

        public IEnumerable<ReminderSeries> Plan(TestCase subject) => inner.Plan(subject);

        public IQueryable<Guid> ActiveKeys(DbContext db) => inner.ActiveKeys(db);

        public Task<TestCase?> FindAsync(DbContext db, Guid key, CancellationToken cancellationToken) => inner.FindAsync(db, key, cancellationToken);

        public async Task<IReadOnlyList<TestCase>> FindAllAsync(DbContext db, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _now);
            InterlockedMax(ref _most, now);
            if (Interlocked.Increment(ref _came) == batches)
                _allCame.TrySetResult();
            try
            {
                await Task.WhenAny(_allCame.Task, Task.Delay(waitForTheOthers, cancellationToken));
                return await db.Set<TestCase>().Where(c => keys.Contains(c.Id)).ToListAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }

        public void Raised(DbContext db, TestCase subject, Reminder reminder, DateTimeOffset now)
        {
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var before && before != seen)
                seen = before;
        }
    }
}

public sealed class ReminderSweepBatchOnSqliteTests : ReminderSweepBatchTests, IDisposable
{
    private readonly ReminderTestStore _store = new();

    public void Dispose() => _store.Dispose();

    protected override ReminderTestContext NewContext() => _store.NewContext();

    [Fact]
    public Task A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once_on_sqlite() =>
        A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once();

    [Fact]
    public Task Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing_on_sqlite() =>
        Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing();

    [Fact]
    public Task Batches_at_once_raise_every_due_referral_once_even_when_one_of_them_meets_a_conflict_on_sqlite() =>
        Batches_at_once_raise_every_due_referral_once_even_when_one_of_them_meets_a_conflict();

    [Fact]
    public async Task On_sqlite_one_batch_is_raised_after_the_other_whatever_the_setting()
    {
        // SQLite takes one writer at a time; the in-memory store here even shares one connection.
        Assert.Equal(1, await MostBatchesAtOnceAsync(batches: 3, waitForTheOthers: TimeSpan.FromMilliseconds(200)));
    }
}

public sealed class ReminderSweepBatchOnPostgresTests : ReminderSweepBatchTests
{
    private string? _database;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _database = await Postgres.CreateDatabaseUnlessSkippedAsync("sweep_batches");
        if (_database is null)
            return;
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await Postgres.DropDatabaseAsync(_database);
    }

    protected override ReminderTestContext NewContext() =>
        new(new DbContextOptionsBuilder<ReminderTestContext>().UseNpgsql(_database).Options);

    [PostgresFact]
    public Task A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once_on_postgres() =>
        A_batch_where_another_instance_raised_one_occasion_meanwhile_raises_the_others_once();

    [PostgresFact]
    public Task Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing_on_postgres() =>
        Several_batches_raise_every_due_referral_once_and_a_second_pass_nothing();

    [PostgresFact]
    public Task Batches_at_once_raise_every_due_referral_once_even_when_one_of_them_meets_a_conflict_on_postgres() =>
        Batches_at_once_raise_every_due_referral_once_even_when_one_of_them_meets_a_conflict();

    [PostgresFact]
    public async Task On_postgres_the_batches_of_a_round_are_raised_at_once()
    {
        // One after the other, the first batch would wait the 30 s alone and the most at once would be 1.
        Assert.Equal(3, await MostBatchesAtOnceAsync(batches: 3, waitForTheOthers: TimeSpan.FromSeconds(30)));
    }
}
