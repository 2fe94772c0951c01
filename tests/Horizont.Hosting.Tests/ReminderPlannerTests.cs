using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests;

public sealed class ReminderPlannerTests : IDisposable
{
    private static readonly DateTimeOffset Friday = HorizontTime.At(new DateOnly(2026, 11, 27), new TimeOnly(10, 0));
    private static readonly DateTimeOffset Wednesday = HorizontTime.At(new DateOnly(2026, 12, 2), new TimeOnly(10, 0));

    private readonly ReminderTestStore _store = new();
    private readonly UnansweredReferralSubjects _subjects;
    private readonly ReminderPlanner<TestCase> _planner;
    private readonly TestCase _case = new() { Id = Guid.NewGuid(), FileReference = "JA-2026-0815", Since = Friday };

    public ReminderPlannerTests()
    {
        var timing = new ReminderTiming(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);
        _subjects = new UnansweredReferralSubjects(timing);
        _planner = new ReminderPlanner<TestCase>(_subjects, timing);
        using var db = _store.NewContext();
        db.Cases.Add(_case);
        db.SaveChanges();
    }

    public void Dispose() => _store.Dispose();

    private async Task ReplanAsync(TestCase subject, DateTimeOffset now)
    {
        await using var db = _store.NewContext();
        await _planner.ReplanAsync(db, subject, now, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<Reminder>> RaiseDueAsync(DateTimeOffset now, bool mail = true)
    {
        await using var db = _store.NewContext();
        var subject = await db.Cases.SingleAsync(c => c.Id == _case.Id);
        var raised = await _planner.RaiseDueAsync(db, subject, now, mail, CancellationToken.None);
        await db.SaveChangesAsync();
        return raised;
    }

    private async Task<List<ReminderSchedule>> ScheduleAsync()
    {
        await using var db = _store.NewContext();
        return await db.Set<ReminderSchedule>().AsNoTracking().ToListAsync();
    }

    private async Task<List<Reminder>> RemindersAsync()
    {
        await using var db = _store.NewContext();
        return await db.Set<Reminder>().AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Replanning_an_unanswered_referral_schedules_it_three_working_days_later()
    {
        await ReplanAsync(_case, Friday);

        var row = Assert.Single(await ScheduleAsync());
        Assert.Equal(_case.Id, row.ReferralId);
        Assert.Equal(ReminderCatalogue.UnansweredReferral, row.Rule);
        Assert.Equal(Wednesday, row.DueAt);
    }

    [Fact]
    public async Task Replanning_twice_keeps_one_row_per_rule()
    {
        await ReplanAsync(_case, Friday);
        await ReplanAsync(_case, Friday.AddHours(1));

        Assert.Single(await ScheduleAsync());
    }

    [Fact]
    public async Task Nothing_is_raised_a_minute_before_the_due_time()
    {
        await ReplanAsync(_case, Friday);

        var raised = await RaiseDueAsync(Wednesday.AddMinutes(-1));

        Assert.Empty(raised);
        Assert.Empty(await RemindersAsync());
        Assert.Equal(Wednesday, Assert.Single(await ScheduleAsync()).DueAt);
    }

    [Fact]
    public async Task At_the_due_time_one_reminder_is_raised_for_the_intake_team_with_mail_pending()
    {
        await ReplanAsync(_case, Friday);

        var raised = Assert.Single(await RaiseDueAsync(Wednesday, mail: true));

        var stored = Assert.Single(await RemindersAsync());
        Assert.Equal(raised.Id, stored.Id);
        Assert.Equal(_case.Id, stored.ReferralId);
        Assert.Equal("JA-2026-0815", stored.FileReference);
        Assert.Equal(ReminderCatalogue.UnansweredReferral, stored.Rule);
        Assert.Equal(ReminderTeams.ProviderIntake, stored.Team);
        Assert.Equal(Wednesday, stored.DueAt);
        Assert.Equal(Wednesday, stored.RaisedAt);
        Assert.Equal(ReminderState.Open, stored.State);
        Assert.Equal(ReminderMailState.Pending, stored.Mail);
        Assert.Equal(Wednesday, stored.MailDueAt);
        Assert.Equal(0, stored.MailAttempts);
        Assert.Equal(raised.Id, Assert.Single(_subjects.RaisedCalls).Id);
    }

    [Fact]
    public async Task Without_a_mail_server_the_reminder_is_raised_for_the_list_only()
    {
        await ReplanAsync(_case, Friday);

        await RaiseDueAsync(Wednesday.AddHours(3), mail: false);

        var stored = Assert.Single(await RemindersAsync());
        Assert.Equal(ReminderMailState.NotConfigured, stored.Mail);
        Assert.Null(stored.MailDueAt);
        Assert.Equal(Wednesday, stored.DueAt);
        Assert.Equal(Wednesday.AddHours(3), stored.RaisedAt);
    }

    [Fact]
    public async Task An_occasion_is_raised_once_and_its_schedule_row_is_gone()
    {
        await ReplanAsync(_case, Friday);
        await RaiseDueAsync(Wednesday);

        var again = await RaiseDueAsync(Wednesday.AddHours(1));

        Assert.Empty(again);
        Assert.Single(await RemindersAsync());
        Assert.Empty(await ScheduleAsync());
        Assert.Single(_subjects.RaisedCalls);
    }

    [Fact]
    public async Task Replanning_after_the_reminder_was_raised_does_not_schedule_it_again()
    {
        await ReplanAsync(_case, Friday);
        await RaiseDueAsync(Wednesday);

        await ReplanAsync(_case, Wednesday.AddDays(1));

        Assert.Empty(await ScheduleAsync());
    }

    [Fact]
    public async Task An_answered_referral_loses_its_schedule_row()
    {
        await ReplanAsync(_case, Friday);
        _case.Done = true;

        await ReplanAsync(_case, Friday.AddHours(2));

        Assert.Empty(await ScheduleAsync());
    }

    [Fact]
    public async Task An_answered_referral_raises_nothing_when_its_time_comes()
    {
        await ReplanAsync(_case, Friday);
        await using (var db = _store.NewContext())
        {
            (await db.Cases.SingleAsync(c => c.Id == _case.Id)).Done = true;
            await db.SaveChangesAsync();
        }

        Assert.Empty(await RaiseDueAsync(Wednesday));
        Assert.Empty(await RemindersAsync());
    }

    [Fact]
    public async Task Forgetting_a_subject_removes_its_schedule_rows()
    {
        await ReplanAsync(_case, Friday);

        await using (var db = _store.NewContext())
        {
            await _planner.ForgetAsync(db, _case.Id, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        Assert.Empty(await ScheduleAsync());
    }

    [Fact]
    public async Task A_second_reminder_for_the_same_occasion_is_refused_by_the_database()
    {
        await ReplanAsync(_case, Friday);
        await RaiseDueAsync(Wednesday);

        await using var db = _store.NewContext();
        db.Add(new Reminder
        {
            Id = Guid.NewGuid(),
            ReferralId = _case.Id,
            FileReference = _case.FileReference,
            Rule = ReminderCatalogue.UnansweredReferral,
            Team = ReminderTeams.ProviderIntake,
            DueAt = Wednesday,
            RaisedAt = Wednesday.AddMinutes(1),
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_repeating_follow_up_after_a_week_of_downtime_raises_only_the_latest_occasion()
    {
        var timing = new ReminderTiming(
            new ReminderOptions { Rules = { [ReminderCatalogue.NonComplianceFollowUp] = new ReminderRuleOptions { After = TimeSpan.FromDays(1) } } },
            new WorkingCalendar("TH"),
            ReminderSide.Jugendamt);
        var planner = new ReminderPlanner<TestCase>(new FollowUpSubjects(timing), timing);
        var firstDue = Friday.AddDays(1);
        var now = firstDue.AddDays(7).AddHours(3);

        await using (var db = _store.NewContext())
        {
            var subject = await db.Cases.SingleAsync(c => c.Id == _case.Id);
            await planner.ReplanAsync(db, subject, Friday, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        Assert.Equal(firstDue, Assert.Single(await ScheduleAsync()).DueAt);

        await using (var db = _store.NewContext())
        {
            var subject = await db.Cases.SingleAsync(c => c.Id == _case.Id);
            var raised = await planner.RaiseDueAsync(db, subject, now, mail: false, CancellationToken.None);
            await db.SaveChangesAsync();
            Assert.Equal(firstDue.AddDays(7), Assert.Single(raised).DueAt);
        }

        var stored = Assert.Single(await RemindersAsync());
        Assert.Equal(ReminderCatalogue.NonComplianceFollowUp, stored.Rule);
        Assert.Equal(ReminderTeams.JugendamtCasework, stored.Team);
        Assert.Equal(firstDue.AddDays(7), stored.DueAt);
        var next = Assert.Single(await ScheduleAsync());
        Assert.Equal(ReminderCatalogue.NonComplianceFollowUp, next.Rule);
        Assert.Equal(firstDue.AddDays(8), next.DueAt);
    }

    [Fact]
    public async Task A_repeating_follow_up_raises_again_at_its_next_occasion()
    {
        var timing = new ReminderTiming(
            new ReminderOptions { Rules = { [ReminderCatalogue.NonComplianceFollowUp] = new ReminderRuleOptions { After = TimeSpan.FromDays(1) } } },
            new WorkingCalendar("TH"),
            ReminderSide.Jugendamt);
        var planner = new ReminderPlanner<TestCase>(new FollowUpSubjects(timing), timing);
        var firstDue = Friday.AddDays(1);

        async Task<IReadOnlyList<Reminder>> RaiseAsync(DateTimeOffset now)
        {
            await using var db = _store.NewContext();
            var subject = await db.Cases.SingleAsync(c => c.Id == _case.Id);
            var raised = await planner.RaiseDueAsync(db, subject, now, mail: false, CancellationToken.None);
            await db.SaveChangesAsync();
            return raised;
        }

        Assert.Equal(firstDue, Assert.Single(await RaiseAsync(firstDue)).DueAt);
        Assert.Empty(await RaiseAsync(firstDue.AddHours(23)));
        Assert.Equal(firstDue.AddDays(1), Assert.Single(await RaiseAsync(firstDue.AddDays(1))).DueAt);
        Assert.Equal(2, (await RemindersAsync()).Count);
        Assert.Equal(firstDue.AddDays(2), Assert.Single(await ScheduleAsync()).DueAt);
    }
}
