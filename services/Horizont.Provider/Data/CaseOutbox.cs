using Horizont.Hosting.Outbox;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Data;

public static class CaseOutbox
{
    /// <summary>
    /// Queues a message a step of the case returned, to the case's Jugendamt, in this unit of work (sent after the commit),
    /// and writes the case's history line for it: the one way the provider tells the Jugendamt anything. The message is
    /// first checked against <see cref="EventContracts"/>, the rules the Jugendamt applies on receipt: what it would
    /// refuse is never queued. A breach is a bug here (the input checks should have caught it), so it throws and the
    /// unit of work is not saved.
    /// </summary>
    public static OutboxMessage SendToJugendamt<T>(this DbContext db, Case @case, T message, DateTimeOffset now)
        where T : class, IReferralMessage
    {
        if (message.ReferralId != @case.ReferralId || message.SenderAgencyId != @case.ProviderId || message.ReceiverAgencyId != @case.JugendamtId)
            throw new InvalidOperationException($"{typeof(T).Name} for referral {@case.ReferralId} is not addressed from this case's provider to its Jugendamt.");
        var errors = ContractOf(message);
        if (errors.Any)
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name} for referral {@case.ReferralId} breaks the event contract and is not sent: {string.Join("; ", errors.All.Select(e => e.Error))}.");
        }

        var sent = db.EnqueueSend(message, destinationAgencyId: @case.JugendamtId, @case.ReferralId, now);
        @case.RecordMessageSent(now, typeof(T).Name, sent.MessageId);
        return sent;
    }

    /// <summary>The shared contract check of an event the provider sends; a type without one is a bug, not a pass.</summary>
    public static ContractErrors ContractOf(IReferralMessage message) => message switch
    {
        ReferralAccepted m => EventContracts.Check(m),
        ReferralDeclined m => EventContracts.Check(m),
        IntakeMeetingRecorded m => EventContracts.Check(m),
        PlacementArranged m => EventContracts.Check(m),
        HoursReported m => EventContracts.Check(m),
        NonComplianceReported m => EventContracts.Check(m),
        ExtensionRequested m => EventContracts.Check(m),
        ReferralCompleted m => EventContracts.Check(m),
        ReferralWithdrawalAcknowledged m => EventContracts.Check(m),
        CaseFlagsChanged m => EventContracts.Check(m),
        ReferralErased m => EventContracts.Check(m),
        _ => throw new InvalidOperationException($"No event contract for {message.GetType().Name}: the provider does not send it."),
    };
}
