using Horizont.Hosting.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Reminders;

public enum ReminderState
{
    /// <summary>Raised and not yet dealt with.</summary>
    Open,

    /// <summary>A member of staff has dealt with it (quittiert).</summary>
    Acknowledged,
}

public enum ReminderMailState
{
    /// <summary>No SMTP server is configured: the reminder is in the list only.</summary>
    NotConfigured,

    /// <summary>Waiting for the mail job (or for the next attempt after a failure).</summary>
    Pending,

    Sent,
}

/// <summary>
/// A reminder raised for one occasion: this referral, this rule, this due time. The unique key on the three
/// is what makes it once per occasion, whichever instance of the service raises it and however often.
/// It is also the e-mail's outbox: the mail job sends it and marks it sent.
/// </summary>
public sealed class Reminder
{
    public Guid Id { get; set; }

    public Guid ReferralId { get; set; }

    /// <summary>The Jugendamt's file reference (Aktenzeichen): the only thing about the case the e-mail names besides the id.</summary>
    public required string FileReference { get; set; }

    /// <summary>One of <see cref="ReminderCatalogue"/>'s names.</summary>
    public required string Rule { get; set; }

    /// <summary>One of <see cref="ReminderTeams"/>.</summary>
    public required string Team { get; set; }

    /// <summary>The occasion: when the rule became due for this case.</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>German detail with dates and hours only (never a name), e.g. the deadline and the hours open.</summary>
    public string? Detail { get; set; }

    public ReminderState State { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public ReminderMailState Mail { get; set; }

    public int MailAttempts { get; set; }

    /// <summary>When the mail job tries (again); null once sent or when no mail is sent.</summary>
    public DateTimeOffset? MailDueAt { get; set; }

    public DateTimeOffset? MailSentAt { get; set; }

    /// <summary>The last SMTP failure (exception type and message).</summary>
    public string? MailLastError { get; set; }
}

/// <summary>
/// The next time a rule is due for a referral: one row per referral and rule that can still fire. The sweep
/// reads only the rows whose <see cref="DueAt"/> has come (an indexed range), so its cost grows with what
/// is due, not with the number of open cases. Rows are rewritten whenever the referral changes.
/// </summary>
public sealed class ReminderSchedule
{
    public Guid ReferralId { get; set; }

    public required string Rule { get; set; }

    public DateTimeOffset DueAt { get; set; }
}

public static class ReminderModel
{
    /// <summary>Maps the reminder and schedule tables into a service's own model.</summary>
    public static ModelBuilder AddReminders(this ModelBuilder model)
    {
        model.Entity<Reminder>(e =>
        {
            e.ToTable("Reminders");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.FileReference).HasMaxLength(200);
            e.Property(r => r.Rule).HasMaxLength(64);
            e.Property(r => r.Team).HasMaxLength(64);
            e.Property(r => r.DueAt).HasConversion(UtcTicks.Converter);
            e.Property(r => r.RaisedAt).HasConversion(UtcTicks.Converter);
            e.Property(r => r.Detail).HasMaxLength(500);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.AcknowledgedAt).HasConversion(UtcTicks.Converter);
            e.Property(r => r.AcknowledgedBy).HasMaxLength(100);
            e.Property(r => r.Mail).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.MailDueAt).HasConversion(UtcTicks.Converter);
            e.Property(r => r.MailSentAt).HasConversion(UtcTicks.Converter);
            e.Property(r => r.MailLastError).HasMaxLength(1000);
            // Once per occasion: a second instance (or a second pass) cannot raise the same one again.
            e.HasIndex(r => new { r.ReferralId, r.Rule, r.DueAt }).IsUnique();
            e.HasIndex(r => new { r.State, r.RaisedAt });
            e.HasIndex(r => r.MailDueAt);
        });
        model.Entity<ReminderSchedule>(e =>
        {
            e.ToTable("ReminderSchedule");
            e.HasKey(s => new { s.ReferralId, s.Rule });
            e.Property(s => s.Rule).HasMaxLength(64);
            e.Property(s => s.DueAt).HasConversion(UtcTicks.Converter);
            e.HasIndex(s => s.DueAt);
        });
        return model;
    }
}
