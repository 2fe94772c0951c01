namespace Horizont.Messages;

/// <summary>
/// Zurückgewiesen: the provider could not take a command from the Jugendamt at all (its content breaks the contract,
/// or it is not addressed right), so the Jugendamt's ledger shows it instead of waiting for an answer that never
/// comes. The refused message itself stays in the provider's error queue, where operations can see and replay it.
/// Carries ids, codes and field names only: never a value from the refused message.
/// </summary>
public record ReferralRefused : IReferralMessage
{
    public required Guid ReferralId { get; init; }
    public required string SenderAgencyId { get; init; }
    public required string ReceiverAgencyId { get; init; }
    /// <summary>The refused message's type name, e.g. <c>SubmitReferral</c>.</summary>
    public required string RefusedMessageType { get; init; }
    public required Guid RefusedMessageId { get; init; }
    /// <summary>One of <see cref="RefusalReasonCodes"/>.</summary>
    public required string ReasonCode { get; init; }
    /// <summary>The wire names of the fields that broke the contract (e.g. <c>youngPerson.dateOfBirth</c>); empty when the addressing was wrong.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
    /// <summary>The receiver's reason in English, naming fields and rules, at most <see cref="ReferralLimits.MaxReasonLength"/> characters.</summary>
    public required string Reason { get; init; }
    public required DateTimeOffset RefusedAt { get; init; }
}

/// <summary>Why a receiver refused a message (<see cref="ReferralRefused"/>).</summary>
public static class RefusalReasonCodes
{
    /// <summary>The content breaks the contract: a required field is missing, a code unknown, a value out of range.</summary>
    public const string InvalidContent = "INVALID_CONTENT";
    /// <summary>The message names another agency as its receiver.</summary>
    public const string WrongReceiver = "WRONG_RECEIVER";
    /// <summary>The sender is not a partner of the right kind in the receiver's partner directory.</summary>
    public const string UnknownSender = "UNKNOWN_SENDER";
    /// <summary>The referral is known, but another agency referred it (or is its provider).</summary>
    public const string NotTheCounterpart = "NOT_THE_COUNTERPART";
    public static IReadOnlyList<string> All { get; } = [InvalidContent, WrongReceiver, UnknownSender, NotTheCounterpart];
}
