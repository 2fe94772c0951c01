using System.Text.Json;
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
            e.HasIndex(m => new { m.SentAt, m.Sequence });
            e.Property(m => m.DestinationAgencyId).HasMaxLength(64);
            e.Property(m => m.MessageType).HasMaxLength(256);
            e.Property(m => m.LastError).HasMaxLength(1000);
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
        });
        return model;
    }

    /// <summary>
    /// Adds a message to the outbox of this unit of work; it is sent after <c>SaveChanges</c> commits,
    /// never before, and never lost once committed.
    /// </summary>
    public static OutboxMessage EnqueueSend<T>(this DbContext db, T message, string destinationAgencyId, Guid? referralId, DateTimeOffset now)
        where T : class
    {
        var row = new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            ReferralId = referralId,
            DestinationAgencyId = destinationAgencyId,
            MessageType = $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, Json),
            CreatedAt = now,
        };
        db.Set<OutboxMessage>().Add(row);
        return row;
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>, in the unit of work
    /// that carries its effect. False when it was handled before: the caller then changes nothing.
    /// A concurrent duplicate fails the commit on the primary key and is redelivered, then sees false.
    /// </summary>
    public static async Task<bool> TryRecordInboxAsync(this DbContext db, Guid messageId, string consumer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);
        if (seen)
            return false;
        db.Set<InboxMessage>().Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ReceivedAt = now });
        return true;
    }
}
