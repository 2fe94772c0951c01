namespace Horizont.Hosting.Messaging;

/// <summary>
/// A message that can never be processed, whatever the number of attempts (content that breaks the
/// contract, a referral addressed to another agency). It skips the retries and goes to the error
/// queue at once, with this exception's message as the reason. The message must name the field and
/// the problem and must never contain personal data.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    /// <summary>One of <see cref="Horizont.Messages.RefusalReasonCodes"/>: why the message is refused (default: its content breaks the contract).</summary>
    public string ReasonCode { get; init; } = Horizont.Messages.RefusalReasonCodes.InvalidContent;

    /// <summary>The wire names of the fields at fault, for the sender's refusal notice; never their values.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public InvalidMessageException(string message)
        : base(message)
    {
    }

    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidMessageException()
    {
    }
}
