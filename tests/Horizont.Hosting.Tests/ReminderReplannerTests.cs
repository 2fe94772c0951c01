using System.Collections.Concurrent;
using System.Data.Common;
using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Hosting.Tests;

/// <summary>The replanning of every open subject when a service starts.</summary>
public sealed class ReminderReplannerTests : IDisposable
{
    private static readonly DateTimeOffset Friday = HorizontTime.At(new DateOnly(2026, 11, 27), new TimeOnly(10, 0));

    private readonly ReminderTestStore _store = new();
    private readonly QueryLog _queries = new();
    private readonly ReminderTiming _timing = new(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Every_open_subject_gets_its_rows_a_page_at_a_time_with_one_query_per_page_for_reminders_and_for_schedule_rows()
    {
        // 450 open cases, three pages: as if they predated the reminders (no rows), except one whose row is stale
        // (written under other settings); one answered case is not looked at.
        var open = Enumerable.Range(0, 450).Select(i => new TestCase { Id = Guid.NewGuid(), FileReference = $"JA-2026-{i:0000}", Since = Friday }).ToList();
        var answered = new TestCase { Id = Guid.NewGuid(), FileReference = "JA-2026-9999", Since = Friday, Done = true };
        await using (var db = _store.NewContext())
        {
            db.Cases.AddRange([.. open, answered]);
            db.Add(new ReminderSchedule { ReferralId = open[0].Id, Rule = ReminderCatalogue.UnansweredReferral, DueAt = Friday.AddYears(1) });
            await db.SaveChangesAsync();
        }

        await ReplanAtStartAsync(_queries);

        await using (var db = _store.NewContext())
        {
            var rows = await db.Set<ReminderSchedule>().AsNoTracking().ToListAsync();
            var due = _timing.After(ReminderCatalogue.UnansweredReferral, Friday);
            Assert.Equal(open.Select(c => c.Id).Order(), rows.Select(r => r.ReferralId).Order());
            Assert.All(rows, r => Assert.Equal((ReminderCatalogue.UnansweredReferral, due), (r.Rule, (DateTimeOffset?)r.DueAt)));
        }

        Assert.Equal(3, _queries.Count(q => q.Contains("FROM \"Reminders\"", StringComparison.Ordinal)));
        Assert.Equal(3, _queries.Count(q => q.Contains("FROM \"ReminderSchedule\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_page_another_instance_planned_first_is_left_to_it_and_the_other_pages_are_replanned()
    {
        var open = Enumerable.Range(0, 450).Select(i => new TestCase { Id = Guid.NewGuid(), FileReference = $"JA-2026-{i:0000}", Since = Friday }).ToList();
        await using (var db = _store.NewContext())
        {
            db.Cases.AddRange(open);
            await db.SaveChangesAsync();
        }

        // Just before the first page is saved, another instance saves a row for one of its cases.
        var rival = new RivalInstance(_store);
        await ReplanAtStartAsync(rival);
        await using var check = _store.NewContext();
        // The two later pages (250 cases) are replanned; of the first, the rival's one row.
        Assert.Equal(251, await check.Set<ReminderSchedule>().CountAsync());
        Assert.Contains(await check.Set<ReminderSchedule>().Select(r => r.ReferralId).ToListAsync(), id => id == rival.Planned);
    }

    /// <summary>Runs the replanner as a service's start does, its units of work on the test store with <paramref name="interceptor"/>.</summary>
    private async Task ReplanAtStartAsync(IInterceptor interceptor)
    {
        var planner = new ReminderPlanner<TestCase>(new UnansweredReferralSubjects(_timing), _timing);
        var services = new ServiceCollection();
        services.AddScoped(_ => new ReminderTestContext(new DbContextOptionsBuilder<ReminderTestContext>().UseSqlite(_store.Connection).AddInterceptors(interceptor).Options));
        await using var provider = services.BuildServiceProvider();
        using var replanner = new ReminderReplanner<ReminderTestContext, TestCase>(
            provider.GetRequiredService<IServiceScopeFactory>(), planner, new FakeTimeProvider(Friday), NullLogger<ReminderReplanner<ReminderTestContext, TestCase>>.Instance);
        await replanner.StartAsync(CancellationToken.None);
        await replanner.ExecuteTask!;
    }

    /// <summary>Saves, through a unit of work of its own, a row the first page is about to add.</summary>
    private sealed class RivalInstance(ReminderTestStore store) : SaveChangesInterceptor
    {
        public Guid? Planned { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Planned is null)
            {
                var added = eventData.Context!.ChangeTracker.Entries<ReminderSchedule>().First(e => e.State == EntityState.Added).Entity;
                Planned = added.ReferralId;
                await using var other = store.NewContext();
                other.Add(new ReminderSchedule { ReferralId = added.ReferralId, Rule = added.Rule, DueAt = added.DueAt });
                await other.SaveChangesAsync(cancellationToken);
            }

            return result;
        }
    }

    /// <summary>The text of every query the replanner's units of work read with.</summary>
    private sealed class QueryLog : DbCommandInterceptor, IEnumerable<string>
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public IEnumerator<string> GetEnumerator() => _texts.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
