using Horizont.Hosting;
using Horizont.Hosting.Outbox;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Horizont.Tests.Shared;

namespace Horizont.Provider.Tests;

public sealed class CaseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Outbox_and_inbox_rows_written_before_the_claims_migration_keep_their_times_and_get_stable_type_names()
    {
        var options = new DbContextOptionsBuilder<CaseDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_directory.Path, "provider.db")}")
            .Options;
        var messageId = Guid.NewGuid();
        await using (var old = new CaseDbContext(options))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261125063707_Reminders");
            // As the earlier outbox wrote them: text times (EF's DateTimeOffset format) and assembly-qualified type names.
            await old.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "OutboxMessages" ("MessageId", "ReferralId", "DestinationAgencyId", "MessageType", "Body", "CreatedAt", "SentAt", "Attempts")
                VALUES ({0}, NULL, 'ja-nordhausen', 'Horizont.Messages.ReferralAccepted, Horizont.Messages', '{{}}', '2026-11-25 09:00:00.1234567+00:00', NULL, 0),
                       ({1}, NULL, 'ja-nordhausen', 'Horizont.Messages.ReferralDeclined, Horizont.Messages', '{{}}', '2026-11-24 08:00:00+00:00', '2026-11-24 08:00:01+01:00', 1);
                INSERT INTO "InboxMessages" ("MessageId", "Consumer", "ReceivedAt") VALUES ({0}, 'SubmitReferralConsumer', '2026-11-23 07:30:00+00:00');
                """, messageId, Guid.NewGuid());
        }

        await using var migrated = new CaseDbContext(options);
        await migrated.Database.MigrateAsync();

        var rows = await migrated.Set<OutboxMessage>().OrderBy(m => m.Sequence).ToListAsync();
        Assert.Equal(["urn:message:Horizont.Messages:ReferralAccepted", "urn:message:Horizont.Messages:ReferralDeclined"], rows.Select(r => r.MessageType));
        Assert.Equal(typeof(ReferralAccepted), OutboxMessageTypes.Find(rows[0].MessageType));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), rows[0].CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Null(rows[0].SentAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 7, 0, 1, TimeSpan.Zero), rows[1].SentAt!.Value.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var inbox = await migrated.Set<InboxMessage>().SingleAsync();
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 7, 30, 0, TimeSpan.Zero), inbox.ReceivedAt, TimeSpan.FromMilliseconds(1));
    }

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
