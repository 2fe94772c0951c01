using Horizont.Provider.Data;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Provider.Consumers;

/// <summary>What the commands about an existing referral share once the receive pipeline has checked the message id, the addressing and the inbox.</summary>
internal static class IncomingCommand
{
    /// <summary>
    /// The case a command about an existing referral is for. An unknown referral is retried, not rejected at once: the
    /// referral is sent first, but the endpoint consumes several messages at a time, so a withdrawal right behind its
    /// referral can overtake the referral's commit by milliseconds. After the immediate retries it goes to the error
    /// queue with this reason, where operations can replay it.
    /// </summary>
    public static async Task<Case> FindCaseAsync(CaseDbContext db, string messageType, Guid referralId, Guid messageId, CancellationToken cancellationToken) =>
        await db.Cases.SingleOrDefaultAsync(c => c.ReferralId == referralId, cancellationToken)
        ?? throw new UnknownReferralException($"{messageType} {referralId} (message {messageId}): ReferralId is not (yet) a case of this provider.");
}

/// <summary>A command for a referral this provider does not (yet) know; transient, so it is retried.</summary>
public sealed class UnknownReferralException : Exception
{
    public UnknownReferralException(string message)
        : base(message)
    {
    }

    public UnknownReferralException()
    {
    }

    public UnknownReferralException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
