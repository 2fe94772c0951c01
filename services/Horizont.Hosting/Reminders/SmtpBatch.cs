using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Horizont.Hosting.Reminders;

/// <summary>
/// Sends a batch of e-mails over one SMTP connection, for the mailers whose rows are their outbox (reminders,
/// operations alerts). Each item is marked through the callbacks and saved before the next is sent, so a crash
/// can send one mail twice but never marks an unsent one.
/// </summary>
public static class SmtpBatch
{
    /// <param name="smtp">The mail server (its host must be set).</param>
    /// <param name="items">The rows to send.</param>
    /// <param name="compose">The message of a row.</param>
    /// <param name="sent">Marks a row sent.</param>
    /// <param name="failed">Marks a row failed (connection or send), to be tried again later.</param>
    /// <param name="save">Saves the marks; called after each row and after a failed connection.</param>
    /// <param name="logger">For connection problems.</param>
    /// <param name="cancellationToken">Stops between rows.</param>
    /// <returns>How many were sent.</returns>
    public static async Task<int> SendAsync<T>(
        SmtpOptions smtp,
        IReadOnlyList<T> items,
        Func<T, MimeMessage> compose,
        Action<T> sent,
        Action<T, Exception> failed,
        Func<Task> save,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (items.Count == 0)
            return 0;
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), smtp.Port, Socket(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var item in items)
                failed(item, ex);
            await save();
            logger.LogError("SMTP server {Host}:{Port} not reachable ({Error}); {Count} e-mails wait for the next attempt",
                smtp.Host, smtp.Port, ex.GetType().Name, items.Count);
            return 0;
        }

        var count = 0;
        foreach (var item in items)
        {
            try
            {
                await client.SendAsync(compose(item), cancellationToken);
                sent(item);
                count++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(item, ex);
            }

            // Marked one by one: a crash after this point cannot send a marked mail again.
            await save();
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Every row is marked already; a connection that died at the end changes nothing.
            logger.LogWarning("SMTP server {Host}:{Port}: disconnect failed ({Error})", smtp.Host, smtp.Port, ex.GetType().Name);
        }

        return count;
    }

    /// <summary>The pause before the next attempt after <paramref name="attempts"/> failed ones: 30 s, doubling, at most an hour.</summary>
    public static TimeSpan RetryPause(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(TimeSpan.FromHours(1).TotalSeconds, 30 * Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 10))));

    /// <summary>A failure as kept on a row: type and message, at most 1000 characters.</summary>
    public static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}".Cut(1000);

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
