using System.Text.Json;
using Horizont.Hosting.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Outbox;

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>Maps the outbox and inbox tables into a service's own model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(m => m.MessageId).IsUnique();
            // Unsent rows in order (claims, backlog) and sent rows by age (retention).
            e.HasIndex(m => new { m.SentAt, m.Sequence });
            // "Is an earlier message of this referral still unsent?", asked for every row a claim considers.
            e.HasIndex(m => new { m.ReferralId, m.SentAt, m.Sequence });
            e.Property(m => m.DestinationAgencyId).HasMaxLength(64);
            e.Property(m => m.MessageType).HasMaxLength(256);
            e.Property(m => m.LastError).HasMaxLength(1000);
            e.Property(m => m.ClaimedBy).HasMaxLength(100);
            // Times the dispatcher and the retention job compare: UTC ticks (SQLite cannot compare DateTimeOffset).
            e.Property(m => m.CreatedAt).HasConversion(UtcTicks.Converter);
            e.Property(m => m.SentAt).HasConversion(UtcTicks.Converter);
            e.Property(m => m.ClaimedUntil).HasConversion(UtcTicks.Converter);
            e.Property(m => m.NextAttemptAt).HasConversion(UtcTicks.Converter);
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.ReceivedAt).HasConversion(UtcTicks.Converter);
            e.HasIndex(m => m.ReceivedAt);
        });
        return model;
    }

    /// <summary>
    /// Adds a message to the outbox of this unit of work; it is sent after <c>SaveChanges</c> commits,
    /// never before, and never lost once committed.
    /// </summary>
    public static OutboxMessage EnqueueSend<T>(this DbContext db, T message, string destinationAgencyId, Guid? referralId, DateTimeOffset now, Guid? messageId = null)
        where T : class
    {
        var row = new OutboxMessage
        {
            MessageId = messageId ?? NewId.NextGuid(),
            ReferralId = referralId,
            DestinationAgencyId = destinationAgencyId,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, Json),
            CreatedAt = now,
        };
        db.Set<OutboxMessage>().Add(row);
        return row;
    }
}
