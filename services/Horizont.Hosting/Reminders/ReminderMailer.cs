using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Sends the e-mails of raised reminders (the <see cref="Reminder"/> rows are their outbox) over SMTP and marks
/// them sent; a failure is recorded on the row and tried again later, with a growing pause. A crash between the
/// server's acceptance and the mark may send one mail twice; it never loses one.
/// </summary>
public sealed class ReminderMailer<TContext>(
    IServiceScopeFactory scopes,
    ReminderSetup<TContext> setup,
    TimeProvider time,
    IOptions<SmtpOptions> options,
    ILogger<ReminderMailer<TContext>> logger)
    where TContext : DbContext
{
    private const int Batch = 50;

    /// <summary>Sends what is pending; returns how many were sent.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
            return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow();
        var pending = await db.Set<Reminder>()
            .Where(r => r.Mail == ReminderMailState.Pending && r.MailDueAt <= now)
            .OrderBy(r => r.MailDueAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return 0;

        return await SmtpBatch.SendAsync(smtp, pending, r => Compose(r, smtp),
            sent: reminder =>
            {
                reminder.Mail = ReminderMailState.Sent;
                reminder.MailSentAt = time.GetUtcNow();
                reminder.MailDueAt = null;
                reminder.MailAttempts++;
                reminder.MailLastError = null;
                ReminderMetrics.Mail(setup.Side, "sent");
            },
            failed: (reminder, ex) =>
            {
                Failed(reminder, ex, now);
                logger.LogError("Reminder e-mail {ReminderId} ({Rule}, referral {ReferralId}) not sent: {Error}; tried again after {RetryAt:o}",
                    reminder.Id, reminder.Rule, reminder.ReferralId, reminder.MailLastError, reminder.MailDueAt);
            },
            save: () => db.SaveChangesAsync(cancellationToken),
            logger,
            cancellationToken);
    }

    /// <summary>The German e-mail: rule, file reference, referral id, due time, link. No name, date of birth or contact data.</summary>
    public MimeMessage Compose(Reminder reminder, SmtpOptions smtp)
    {
        var rule = setup.Timing.Rule(reminder.Rule);
        var link = setup.LinkTo(reminder.ReferralId);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        message.To.AddRange(smtp.RecipientsOf(reminder.Team));
        message.Subject = $"Horizont-Erinnerung: {rule.Title} (Az. {reminder.FileReference})";
        message.Headers.Add("X-Horizont-Reminder", reminder.Id.ToString());
        var body = new StringBuilder()
            .AppendLine("Guten Tag,")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"für die Zuweisung mit dem Aktenzeichen {reminder.FileReference} ist eine Erinnerung fällig.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Erinnerung: {rule.Title}")
            .AppendLine(rule.Text);
        if (!string.IsNullOrEmpty(reminder.Detail))
            body.AppendLine(reminder.Detail);
        body.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Fällig seit: {GermanText.Time(reminder.DueAt)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Zuweisungs-ID: {reminder.ReferralId}")
            .AppendLine(CultureInfo.InvariantCulture, $"Zum Fall: {link}")
            .AppendLine()
            .AppendLine("Bitte quittieren Sie die Erinnerung in Horizont, sobald sie erledigt ist.")
            .AppendLine("Aus Gründen des Sozialdatenschutzes enthält diese Nachricht keine personenbezogenen Daten.")
            .AppendLine()
            .AppendLine("-- ")
            .AppendLine("Horizont (automatisch erzeugt)");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private void Failed(Reminder reminder, Exception ex, DateTimeOffset now)
    {
        reminder.MailAttempts++;
        reminder.MailDueAt = now + SmtpBatch.RetryPause(reminder.MailAttempts);
        reminder.MailLastError = SmtpBatch.Describe(ex);
        ReminderMetrics.Mail(setup.Side, "failed");
    }
}
