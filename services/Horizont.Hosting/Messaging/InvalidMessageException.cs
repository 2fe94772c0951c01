namespace Horizont.Hosting.Messaging;

/// <summary>
/// A message that can never be processed, whatever the number of attempts (content that breaks the
/// contract, a referral addressed to another agency). It skips the retries and goes to the error
/// queue at once, with this exception's message as the reason. The message must name the field and
/// the problem and must never contain personal data.
/// </summary>
public sealed class InvalidMessageException : Exception
{
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
