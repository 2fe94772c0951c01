using Horizont.Hosting.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Data;

public static class CaseOutbox
{
    /// <summary>
    /// Queues a message to the case's Jugendamt in this unit of work (sent after the commit) and writes the case's
    /// history line for it: the one way the provider tells the Jugendamt anything.
    /// </summary>
    public static OutboxMessage SendToJugendamt<T>(this DbContext db, Case @case, T message, DateTimeOffset now)
        where T : class
    {
        var sent = db.EnqueueSend(message, destinationAgencyId: @case.JugendamtId, @case.ReferralId, now);
        @case.RecordMessageSent(now, typeof(T).Name, sent.MessageId);
        return sent;
    }
}
