using Horizont.Hosting.Data;
using Horizont.Hosting.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Operations.Data;

/// <summary>
/// What operations keeps: the last heartbeat of every instance, the alerts, and the record of every replay and
/// discard (the archive). No message body and no personal data: the bodies stay in the broker's error queues.
/// </summary>
public class OperationsDbContext : DbContext
{
    public OperationsDbContext(DbContextOptions<OperationsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass that carries its own migrations (PostgreSQL).</summary>
    protected OperationsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<InstanceHeartbeat> Heartbeats => Set<InstanceHeartbeat>();

    public DbSet<OperationsAlert> Alerts => Set<OperationsAlert>();

    public DbSet<FailureAction> FailureActions => Set<FailureAction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The shared store registration maps an outbox; operations sends nothing through it.
        modelBuilder.AddOutboxAndInbox();

        modelBuilder.Entity<InstanceHeartbeat>(e =>
        {
            e.ToTable("Heartbeats");
            e.HasKey(h => new { h.Service, h.Instance });
            e.Property(h => h.Service).HasMaxLength(100);
            e.Property(h => h.Instance).HasMaxLength(200);
            e.Property(h => h.Version).HasMaxLength(64);
            e.Property(h => h.StartedAt).HasConversion(UtcTicks.Converter);
            e.Property(h => h.SentAt).HasConversion(UtcTicks.Converter);
            e.Property(h => h.ReceivedAt).HasConversion(UtcTicks.Converter);
            e.Property(h => h.OutboxOldestAt).HasConversion(UtcTicks.Converter);
            e.Property(h => h.StoppedAt).HasConversion(UtcTicks.Converter);
            e.HasMany(h => h.Destinations).WithOne().HasForeignKey(d => new { d.Service, d.Instance }).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<HeartbeatDestination>(e =>
        {
            e.ToTable("HeartbeatDestinations");
            e.HasKey(d => new { d.Service, d.Instance, d.Queue });
            e.Property(d => d.Service).HasMaxLength(100);
            e.Property(d => d.Instance).HasMaxLength(200);
            e.Property(d => d.Queue).HasMaxLength(HeartbeatDestination.MaxNameLength);
            e.Property(d => d.AgencyId).HasMaxLength(HeartbeatDestination.MaxNameLength);
            e.Property(d => d.OldestAt).HasConversion(UtcTicks.Converter);
        });

        modelBuilder.Entity<OperationsAlert>(e =>
        {
            e.ToTable("Alerts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Key).HasMaxLength(300);
            // At most one open alert per condition: a second raise of the same key fails instead of mailing twice.
            e.HasIndex(a => a.OpenKey).IsUnique();
            e.Property(a => a.OpenKey).HasMaxLength(300);
            e.Property(a => a.Rule).HasConversion<string>().HasMaxLength(32);
            e.Property(a => a.Subject).HasMaxLength(300);
            e.Property(a => a.Text).HasMaxLength(2000);
            e.Property(a => a.RaisedAt).HasConversion(UtcTicks.Converter);
            e.HasIndex(a => a.RaisedAt);
            e.Property(a => a.ResolvedAt).HasConversion(UtcTicks.Converter);
            e.Property(a => a.Mail).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.MailDueAt).HasConversion(UtcTicks.Converter);
            e.HasIndex(a => new { a.Mail, a.MailDueAt });
            e.Property(a => a.MailSentAt).HasConversion(UtcTicks.Converter);
            e.Property(a => a.MailLastError).HasMaxLength(1000);
        });

        modelBuilder.Entity<FailureAction>(e =>
        {
            e.ToTable("FailureActions");
            e.HasKey(a => a.Id);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(a => a.MessageId);
            e.Property(a => a.GroupId).HasMaxLength(32);
            e.Property(a => a.MessageType).HasMaxLength(200);
            e.Property(a => a.ExceptionType).HasMaxLength(300);
            e.Property(a => a.ExceptionMessage).HasMaxLength(2000);
            e.Property(a => a.OriginalQueue).HasMaxLength(200);
            e.Property(a => a.ErrorQueue).HasMaxLength(200);
            e.Property(a => a.FailedAt).HasConversion(UtcTicks.Converter);
            e.Property(a => a.Reason).HasMaxLength(500);
            e.Property(a => a.Actor).HasMaxLength(100);
            e.Property(a => a.At).HasConversion(UtcTicks.Converter);
            e.HasIndex(a => a.At);
        });
    }
}

/// <summary>The last heartbeat of one instance of one service.</summary>
public sealed class InstanceHeartbeat
{
    public required string Service { get; set; }

    public required string Instance { get; set; }

    public required string Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The sender's clock.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Operations' clock: lateness is judged by it, so the senders' clocks need not agree.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    public TimeSpan Interval { get; set; }

    public int? OutboxPending { get; set; }

    public DateTimeOffset? OutboxOldestAt { get; set; }

    /// <summary>
    /// When the instance said it stops (its last beat's time). Kept rather than deleted, so that a regular beat the
    /// consumer handles after the farewell cannot bring the instance back.
    /// </summary>
    public DateTimeOffset? StoppedAt { get; set; }

    /// <summary>The unsent outbox messages per partner, as of the last beat (<c>ServiceHeartbeat.OutboxDestinations</c>).</summary>
    public List<HeartbeatDestination> Destinations { get; set; } = [];
}

/// <summary>
/// What waited in one instance's outbox for one partner at its last beat: queue names, counts and times only.
/// </summary>
public sealed class HeartbeatDestination
{
    /// <summary>Longest queue name or agency id kept; longer ones are cut.</summary>
    public const int MaxNameLength = 200;

    /// <summary>At most this many destinations are kept per beat (a partner directory is far smaller).</summary>
    public const int MaxPerBeat = 200;

    public required string Service { get; set; }

    public required string Instance { get; set; }

    public required string Queue { get; set; }

    public required string AgencyId { get; set; }

    public int Pending { get; set; }

    public DateTimeOffset OldestAt { get; set; }

    /// <summary>Held back by the sender because nothing consumes the queue (in-memory transport).</summary>
    public bool Held { get; set; }
}

public enum AlertRule
{
    FailedMessage,
    QueueDepth,
    QueueWithoutConsumer,
    HeartbeatMissing,
    OutboxBacklog,
    MessageRefused,
}

public enum AlertMailState
{
    /// <summary>No mail server configured: the alert is in the list only.</summary>
    None,
    Pending,
    Sent,
}

/// <summary>An alert: raised once when its condition holds, resolved when it clears.</summary>
public sealed class OperationsAlert
{
    public Guid Id { get; set; }

    /// <summary>The condition, e.g. <c>QueueDepth:horizont-ev</c>.</summary>
    public required string Key { get; set; }

    /// <summary><see cref="Key"/> while the alert is open, null once resolved (unique: one open alert per condition).</summary>
    public string? OpenKey { get; set; }

    public AlertRule Rule { get; set; }

    /// <summary>What it is about: a queue, a failure group, a service instance. Never a person.</summary>
    public required string Subject { get; set; }

    /// <summary>German, for the list and the e-mail.</summary>
    public required string Text { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public AlertMailState Mail { get; set; }

    public int MailAttempts { get; set; }

    public DateTimeOffset? MailDueAt { get; set; }

    public DateTimeOffset? MailSentAt { get; set; }

    public string? MailLastError { get; set; }
}

public enum FailureActionKind
{
    Replayed,
    Discarded,
}

/// <summary>
/// What an operator did with a failed message: replayed it to its queue, or discarded it into the archive with a
/// reason. The message's metadata is kept (who, when, why, what failed); its body is not.
/// </summary>
public sealed class FailureAction
{
    public Guid Id { get; set; }

    public FailureActionKind Kind { get; set; }

    public Guid MessageId { get; set; }

    public Guid? ReferralId { get; set; }

    public required string GroupId { get; set; }

    public required string MessageType { get; set; }

    public required string ExceptionType { get; set; }

    public required string ExceptionMessage { get; set; }

    public required string OriginalQueue { get; set; }

    public required string ErrorQueue { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>Why it was discarded (required for a discard).</summary>
    public string? Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}
