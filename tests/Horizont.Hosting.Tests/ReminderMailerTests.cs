using System.Net;
using System.Net.Sockets;
using System.Text;
using Horizont.Hosting.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;

namespace Horizont.Hosting.Tests;

public sealed class ReminderMailerTests : IDisposable
{
    private static readonly DateTimeOffset DueAt = HorizontTime.At(new DateOnly(2026, 12, 2), new TimeOnly(10, 0));

    private readonly ReminderTestStore _store = new();
    private readonly ServiceProvider _services;
    private readonly FakeTimeProvider _time = new(DueAt.AddMinutes(1));
    private readonly ReminderSetup<ReminderTestContext> _setup;
    private readonly Guid _referralId = Guid.NewGuid();
    private readonly int _port = FreePort();

    public ReminderMailerTests()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ReminderTestContext>(o => o.UseSqlite(_store.Connection));
        _services = services.BuildServiceProvider();
        var timing = new ReminderTiming(new ReminderOptions(), new WorkingCalendar("TH"), ReminderSide.Provider);
        _setup = new ReminderSetup<ReminderTestContext>(ReminderSide.Provider, timing, "http://horizont.example", "/provider/api/cases/{id}");
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private SmtpOptions Smtp(string? host = "127.0.0.1") => new()
    {
        Host = host,
        Port = _port,
        Security = SmtpSecurity.None,
        From = "Horizont <horizont@example.org>",
        Recipients = { [ReminderTeams.ProviderIntake] = "aufnahme@example.org" },
    };

    private ReminderMailer<ReminderTestContext> Mailer(SmtpOptions smtp) => new(
        _services.GetRequiredService<IServiceScopeFactory>(), _setup, _time, Options.Create(smtp), NullLogger<ReminderMailer<ReminderTestContext>>.Instance);

    private async Task<Guid> AddReminderAsync(ReminderMailState mail = ReminderMailState.Pending, DateTimeOffset? mailDueAt = null)
    {
        var reminder = new Reminder
        {
            Id = Guid.NewGuid(),
            ReferralId = _referralId,
            FileReference = "JA-2026-0815",
            Rule = ReminderCatalogue.UnansweredReferral,
            Team = ReminderTeams.ProviderIntake,
            DueAt = DueAt,
            RaisedAt = DueAt,
            State = ReminderState.Open,
            Mail = mail,
            MailDueAt = mail == ReminderMailState.Pending ? mailDueAt ?? DueAt : null,
        };
        await using var db = _store.NewContext();
        db.Add(reminder);
        await db.SaveChangesAsync();
        return reminder.Id;
    }

    private async Task<Reminder> ReminderAsync(Guid id)
    {
        await using var db = _store.NewContext();
        return await db.Set<Reminder>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static MimeMessage Parse(SmtpMessage received)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(received.Data));
        return MimeMessage.Load(stream);
    }

    [Fact]
    public async Task A_pending_reminder_is_mailed_once_to_its_team_and_marked_sent()
    {
        using var server = SimpleSmtpServer.Start(_port);
        var id = await AddReminderAsync();
        var mailer = Mailer(Smtp());

        var sent = await mailer.RunAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var message = Parse(Assert.Single(server.ReceivedEmail));
        Assert.Equal("aufnahme@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("horizont@example.org", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Horizont-Erinnerung: Zuweisung unbeantwortet (Az. JA-2026-0815)", message.Subject);
        Assert.Equal(id.ToString(), message.Headers["X-Horizont-Reminder"]);
        var body = message.TextBody;
        Assert.Contains($"Zuweisungs-ID: {_referralId}", body, StringComparison.Ordinal);
        Assert.Contains($"Zum Fall: http://horizont.example/provider/api/cases/{_referralId}", body, StringComparison.Ordinal);
        Assert.Contains("Fällig seit: 02.12.2026 10:00", body, StringComparison.Ordinal);
        Assert.Contains("Aktenzeichen JA-2026-0815", body, StringComparison.Ordinal);

        var stored = await ReminderAsync(id);
        Assert.Equal(ReminderMailState.Sent, stored.Mail);
        Assert.Equal(_time.GetUtcNow(), stored.MailSentAt);
        Assert.Null(stored.MailDueAt);
        Assert.Equal(1, stored.MailAttempts);
        Assert.Null(stored.MailLastError);

        Assert.Equal(0, await mailer.RunAsync(CancellationToken.None));
        Assert.Equal(1, server.ReceivedEmailCount);
    }

    [Fact]
    public async Task The_mail_names_only_the_rule_the_file_reference_the_id_the_due_time_and_the_link()
    {
        using var server = SimpleSmtpServer.Start(_port);
        await AddReminderAsync();

        await Mailer(Smtp()).RunAsync(CancellationToken.None);

        var body = Parse(Assert.Single(server.ReceivedEmail)).TextBody;
        Assert.NotNull(body);
        var labels = body.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Contains(": ", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(": ", StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(["Erinnerung", "Fällig seit", "Zuweisungs-ID", "Zum Fall"], labels);
        Assert.DoesNotContain("Name", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Geburtsdatum", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Anschrift", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_whose_mail_is_not_due_yet_is_not_sent()
    {
        using var server = SimpleSmtpServer.Start(_port);
        var id = await AddReminderAsync(mailDueAt: _time.GetUtcNow().AddMinutes(5));

        Assert.Equal(0, await Mailer(Smtp()).RunAsync(CancellationToken.None));

        Assert.Equal(0, server.ReceivedEmailCount);
        Assert.Equal(ReminderMailState.Pending, (await ReminderAsync(id)).Mail);
    }

    [Fact]
    public async Task A_reminder_raised_without_mail_is_not_sent()
    {
        using var server = SimpleSmtpServer.Start(_port);
        var id = await AddReminderAsync(ReminderMailState.NotConfigured);

        Assert.Equal(0, await Mailer(Smtp()).RunAsync(CancellationToken.None));

        Assert.Equal(0, server.ReceivedEmailCount);
        Assert.Equal(ReminderMailState.NotConfigured, (await ReminderAsync(id)).Mail);
    }

    [Fact]
    public async Task Without_a_mail_server_nothing_is_tried()
    {
        var id = await AddReminderAsync();

        Assert.Equal(0, await Mailer(Smtp(host: null)).RunAsync(CancellationToken.None));

        var stored = await ReminderAsync(id);
        Assert.Equal(ReminderMailState.Pending, stored.Mail);
        Assert.Equal(0, stored.MailAttempts);
        Assert.Null(stored.MailLastError);
    }

    [Fact]
    public async Task A_mail_server_that_does_not_answer_leaves_the_mail_pending_for_a_later_attempt()
    {
        // Nothing listens on _port.
        var id = await AddReminderAsync();
        var mailer = Mailer(Smtp());
        var now = _time.GetUtcNow();

        Assert.Equal(0, await mailer.RunAsync(CancellationToken.None));

        var stored = await ReminderAsync(id);
        Assert.Equal(ReminderMailState.Pending, stored.Mail);
        Assert.Equal(1, stored.MailAttempts);
        Assert.False(string.IsNullOrWhiteSpace(stored.MailLastError));
        Assert.NotNull(stored.MailDueAt);
        Assert.True(stored.MailDueAt > now, $"MailDueAt {stored.MailDueAt:o} should be after {now:o}");
        Assert.Null(stored.MailSentAt);
    }

    [Fact]
    public async Task Each_failed_attempt_waits_longer_before_the_next()
    {
        var id = await AddReminderAsync();
        var mailer = Mailer(Smtp());

        await mailer.RunAsync(CancellationToken.None);
        var first = await ReminderAsync(id);
        var firstPause = first.MailDueAt!.Value - _time.GetUtcNow();

        // Before the pause is over the mailer does not try again.
        Assert.Equal(0, await mailer.RunAsync(CancellationToken.None));
        Assert.Equal(1, (await ReminderAsync(id)).MailAttempts);

        _time.SetUtcNow(first.MailDueAt.Value);
        await mailer.RunAsync(CancellationToken.None);
        var second = await ReminderAsync(id);

        Assert.Equal(2, second.MailAttempts);
        Assert.True(second.MailDueAt!.Value - _time.GetUtcNow() > firstPause);
    }

    [Fact]
    public async Task A_failed_mail_is_sent_once_the_server_is_back()
    {
        var id = await AddReminderAsync();
        var mailer = Mailer(Smtp());
        await mailer.RunAsync(CancellationToken.None);
        _time.SetUtcNow((await ReminderAsync(id)).MailDueAt!.Value);

        using var server = SimpleSmtpServer.Start(_port);
        Assert.Equal(1, await mailer.RunAsync(CancellationToken.None));

        Assert.Equal(1, server.ReceivedEmailCount);
        var stored = await ReminderAsync(id);
        Assert.Equal(ReminderMailState.Sent, stored.Mail);
        Assert.Equal(2, stored.MailAttempts);
        Assert.Null(stored.MailLastError);
    }
}
