namespace Horizont.Messages;

/// <summary>
/// What every message between two agencies carries: the referral it is about, who sends it and who it is for.
/// The receiver checks all three before anything else (addressed here, sent by a partner of the right kind, and
/// for a known referral by the agency on the other side of it). Implemented by every command and event; adding it
/// only adds a message type to the wire header, so it is an additive change.
/// </summary>
public interface IReferralMessage
{
    Guid ReferralId { get; }

    string SenderAgencyId { get; }

    string ReceiverAgencyId { get; }
}
