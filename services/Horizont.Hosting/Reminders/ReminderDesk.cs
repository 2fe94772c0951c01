using System.Security.Claims;
using Horizont.Hosting.Security;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Reminders;

/// <summary>What acknowledging a reminder came to, for the API (an HTTP answer) and the pages (a notice) alike.</summary>
public abstract record AcknowledgeOutcome
{
    private AcknowledgeOutcome()
    {
    }

    public sealed record Done(Reminder Reminder) : AcknowledgeOutcome;

    public sealed record NotFound(Guid Id) : AcknowledgeOutcome;

    /// <summary>Someone acknowledged it before; <see cref="Reason"/> says who and when (German).</summary>
    public sealed record AlreadyAcknowledged(string Reason) : AcknowledgeOutcome;
}

/// <summary>
/// The one code path of the reminder lists and of acknowledging (quittieren), for the API and the staff pages: which
/// reminders a filter and a team show, and who acknowledged one when.
/// </summary>
public static class ReminderDesk
{
    /// <summary>The reminders of <paramref name="filter"/>, newest due first; only those of <paramref name="teams"/> unless it is null (all).</summary>
    public static IQueryable<Reminder> Query(DbContext db, ReminderFilter filter, IReadOnlyCollection<string>? teams = null)
    {
        var query = db.Set<Reminder>().AsNoTracking();
        query = filter switch
        {
            ReminderFilter.Open => query.Where(r => r.State == ReminderState.Open),
            ReminderFilter.Acknowledged => query.Where(r => r.State == ReminderState.Acknowledged),
            _ => query,
        };
        if (teams is not null)
            query = query.Where(r => teams.Contains(r.Team));
        return query.OrderByDescending(r => r.DueAt).ThenBy(r => r.Id);
    }

    /// <summary>Marks a reminder as dealt with by <paramref name="actor"/>; only one of <paramref name="teams"/> unless it is null.</summary>
    public static async Task<AcknowledgeOutcome> AcknowledgeAsync(
        DbContext db, Guid id, string actor, DateTimeOffset now, IReadOnlyCollection<string>? teams, CancellationToken cancellationToken)
    {
        var reminder = await db.Set<Reminder>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (reminder is null || (teams is not null && !teams.Contains(reminder.Team)))
            return new AcknowledgeOutcome.NotFound(id);
        if (reminder.State == ReminderState.Acknowledged)
        {
            return new AcknowledgeOutcome.AlreadyAcknowledged(
                $"Die Erinnerung wurde bereits am {GermanText.Time(reminder.AcknowledgedAt!.Value)} von {reminder.AcknowledgedBy} quittiert.");
        }

        reminder.State = ReminderState.Acknowledged;
        reminder.AcknowledgedAt = now;
        reminder.AcknowledgedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        return new AcknowledgeOutcome.Done(reminder);
    }

    /// <summary>
    /// The teams whose reminders a member of staff works on, by role: intake and casework their own team, the team lead
    /// every team of the provider (escalations are addressed to the lead). Null for a role that sees all of its side.
    /// </summary>
    public static IReadOnlyCollection<string>? TeamsOf(ClaimsPrincipal user)
    {
        if (user.IsInRole(HorizontRoles.ProviderTeamLead))
            return [ReminderTeams.ProviderIntake, ReminderTeams.ProviderCasework, ReminderTeams.ProviderTeamLead];
        var teams = new List<string>();
        if (user.IsInRole(HorizontRoles.ProviderIntake))
            teams.Add(ReminderTeams.ProviderIntake);
        if (user.IsInRole(HorizontRoles.ProviderCasework))
            teams.Add(ReminderTeams.ProviderCasework);
        if (user.IsInRole(HorizontRoles.JugendamtCasework))
            teams.Add(ReminderTeams.JugendamtCasework);
        return teams;
    }

    /// <summary>The German name of a team, as the lists show it.</summary>
    public static string TeamLabel(string team) => team switch
    {
        ReminderTeams.ProviderIntake => "Aufnahme",
        ReminderTeams.ProviderCasework => "Fallverantwortliche",
        ReminderTeams.ProviderTeamLead => "Teamleitung",
        ReminderTeams.JugendamtCasework => "Jugendhilfe im Strafverfahren",
        _ => team,
    };
}
