using System.Globalization;
using System.Text;
using Horizont.Hosting;
using Horizont.Hosting.Reminders;
using Horizont.Operations.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Horizont.Operations.Alerts;

/// <summary>
/// Sends each raised alert once to <c>Smtp__Recipients__Operations</c> (the alert rows are the mail outbox; a
/// failure is kept on the row and tried again with a growing pause). German, no personal data.
/// </summary>
public sealed class AlertMailer(
    IServiceScopeFactory scopes,
    IOptions<SmtpOptions> smtp,
    IOptions<ReminderOptions> links,
    TimeProvider time,
    ILogger<AlertMailer> logger)
{
    public const string Team = "Operations";

    private const int Batch = 50;

    public bool IsConfigured => smtp.Value.IsConfigured;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
            return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var now = time.GetUtcNow();
        var pending = await db.Alerts
            .Where(a => a.Mail == AlertMailState.Pending && a.MailDueAt <= now)
            .OrderBy(a => a.MailDueAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        return await SmtpBatch.SendAsync(smtp.Value, pending, Compose,
            sent: alert =>
            {
                alert.Mail = AlertMailState.Sent;
                alert.MailSentAt = time.GetUtcNow();
                alert.MailDueAt = null;
                alert.MailAttempts++;
                alert.MailLastError = null;
            },
            failed: (alert, ex) =>
            {
                alert.MailAttempts++;
                alert.MailDueAt = now + SmtpBatch.RetryPause(alert.MailAttempts);
                alert.MailLastError = SmtpBatch.Describe(ex);
                logger.LogError("Alert e-mail {AlertId} ({Rule}) not sent: {Error}; tried again after {RetryAt:o}", alert.Id, alert.Rule, alert.MailLastError, alert.MailDueAt);
            },
            save: () => db.SaveChangesAsync(cancellationToken),
            logger,
            cancellationToken);
    }

    public MimeMessage Compose(OperationsAlert alert)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Value.From!));
        message.To.AddRange(smtp.Value.RecipientsOf(Team));
        message.Subject = $"Horizont-Betrieb: {AlertMonitor.TitleOf(alert.Rule)} ({alert.Subject})";
        message.Headers.Add("X-Horizont-Alert", alert.Id.ToString());
        var body = new StringBuilder()
            .AppendLine("Guten Tag,")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"in Horizont ist eine Betriebswarnung ausgelöst worden: {AlertMonitor.TitleOf(alert.Rule)}.")
            .AppendLine()
            .AppendLine(alert.Text)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Ausgelöst: {GermanText.Time(alert.RaisedAt)}")
            .AppendLine(CultureInfo.InvariantCulture, $"Übersicht: {links.Value.LinkBaseUrl?.TrimEnd('/')}/ops/")
            .AppendLine()
            .AppendLine("Die Warnung gilt als behoben, sobald die Ursache beseitigt ist; sie erscheint dann in der Übersicht als behoben.")
            .AppendLine("Diese Nachricht enthält keine personenbezogenen Daten.")
            .AppendLine()
            .AppendLine("-- ")
            .AppendLine("Horizont-Betrieb (automatisch erzeugt)");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
