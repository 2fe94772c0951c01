using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Tests.Shared;

/// <summary>Reminder rows written straight into a service's store, as the sweep raises them (a rule, a file reference, times; no personal data).</summary>
internal static class ReminderRows
{
    public static async Task<Reminder> RaiseAsync<TContext>(IServiceProvider services, string rule, string team, string fileReference, Guid? referralId = null)
        where TContext : DbContext
    {
        var reminder = new Reminder
        {
            Id = Guid.NewGuid(),
            ReferralId = referralId ?? Guid.NewGuid(),
            FileReference = fileReference,
            Rule = rule,
            Team = team,
            DueAt = DateTimeOffset.UtcNow.AddHours(-2),
            RaisedAt = DateTimeOffset.UtcNow.AddHours(-1),
            State = ReminderState.Open,
            Mail = ReminderMailState.NotConfigured,
        };
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.Add(reminder);
        await db.SaveChangesAsync();
        return reminder;
    }

    public static async Task<Reminder> FindAsync<TContext>(IServiceProvider services, Guid id)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<Reminder>().AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
