using Horizont.Hosting;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Tests;

public sealed class CaseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Two_members_of_staff_cannot_both_move_a_case_from_the_same_state()
    {
        var options = new DbContextOptionsBuilder<CaseDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory.Path, "provider.db")}")
            .Options;
        var referral = Referrals.Valid();
        await using (var setup = new CaseDbContext(options))
        {
            await setup.Database.MigrateAsync();
            setup.Cases.Add(Case.Receive(referral, Guid.NewGuid(), Now));
            await setup.SaveChangesAsync();
        }

        await using var first = new CaseDbContext(options);
        await using var second = new CaseDbContext(options);
        var seenByFirst = await first.Cases.SingleAsync();
        var seenBySecond = await second.Cases.SingleAsync();

        seenByFirst.Accept(Now, "a.schulz");
        await first.SaveChangesAsync();
        seenBySecond.Decline(Now, "b.meier", DeclineReasonCodes.NoCapacity, null);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = new CaseDbContext(options);
        Assert.Equal(CaseState.Accepted, (await check.Cases.SingleAsync()).State);
    }

    [Fact]
    public async Task Two_members_of_staff_cannot_both_log_hours_against_the_same_open_hours()
    {
        var options = new DbContextOptionsBuilder<CaseDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory.Path, "provider.db")}")
            .Options;
        var seeded = Cases.InState(CaseState.InProgress, Now, Referrals.Valid() with { HoursOrdered = 14m }); // 10 of 14
        await using (var setup = new CaseDbContext(options))
        {
            await setup.Database.MigrateAsync();
            setup.Cases.Add(seeded);
            await setup.SaveChangesAsync();
        }

        await using var first = new CaseDbContext(options);
        await using var second = new CaseDbContext(options);
        var seenByFirst = await first.Cases.Include(c => c.HourEntries).SingleAsync();
        var seenBySecond = await second.Cases.Include(c => c.HourEntries).SingleAsync();
        var today = HorizontTime.DayOf(Now);

        seenByFirst.LogHours(Now, "a.schulz", today, 4m, correction: false, note: null);
        await first.SaveChangesAsync();
        seenBySecond.LogHours(Now, "b.meier", today, 4m, correction: false, note: null);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = new CaseDbContext(options);
        Assert.Equal(14m, (await check.Cases.SingleAsync()).HoursCompleted);
        Assert.Equal(2, await check.HourEntries.CountAsync());
    }
}
