using Horizont.Hosting;
using Horizont.Hosting.Partners;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Options;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Applies a Jugendamt's amendment (Änderung) after a court decision: new hours and/or a new deadline, and
/// a case with a non-compliance report resumes where the work stood. In a state that has ended (declined,
/// completed, withdrawn, closed) it is recorded in the history, counted as not applied and logged, not
/// thrown: the Jugendamt's message was valid, it just came too late. No answer is sent back.
/// </summary>
public sealed class AmendReferralConsumer(
    CaseDbContext db,
    PartnerDirectory partners,
    IOptions<ProviderOptions> options,
    TimeProvider time,
    ILogger<AmendReferralConsumer> logger) : IConsumer<AmendReferral>
{
    public async Task Consume(ConsumeContext<AmendReferral> context)
    {
        var amendment = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = IncomingCommand.MessageIdOf(context, nameof(AmendReferral), amendment.ReferralId);
        Validate(amendment, messageId);
        var now = time.GetUtcNow();
        var @case = await IncomingCommand.ReceiveAsync(db, context, nameof(AmendReferral), amendment.ReferralId, messageId, amendment.SenderAgencyId, nameof(AmendReferralConsumer), now, logger);
        if (@case is null)
            return;

        var from = @case.State;
        var applied = @case.Amend(now, amendment.SenderAgencyId, messageId, amendment.HoursOrdered, amendment.Deadline, amendment.CourtDecisionDate);
        // One SaveChanges: the amendment, its history entry and the inbox row. A staff step at the same
        // moment fails one of the two on the case's version; a failed consume is retried and re-reads.
        await db.SaveChangesAsync(cancellationToken);
        if (applied)
        {
            logger.LogInformation("AmendReferral {MessageId} for referral {ReferralId} applied; state {FromState} -> {State}",
                messageId, amendment.ReferralId, from, @case.State);
        }
        else
        {
            HorizontMetrics.NotApplied(nameof(AmendReferral), "state");
            logger.LogWarning("AmendReferral {MessageId} for referral {ReferralId} not applied: the case is {State}; recorded in its history",
                messageId, amendment.ReferralId, @case.State);
        }
    }

    private void Validate(AmendReferral amendment, Guid messageId)
    {
        var errors = new List<string>();
        IncomingCommand.CheckAddressing(errors, partners, options.Value.AgencyId, amendment.ReferralId, amendment.SenderAgencyId, amendment.ReceiverAgencyId);
        if (amendment.HoursOrdered is null && amendment.Deadline is null)
            errors.Add("neither HoursOrdered nor Deadline is set; an amendment changes at least one");
        if (amendment.HoursOrdered is <= 0)
            errors.Add("HoursOrdered must be greater than 0");
        if (amendment.Deadline == default(DateOnly))
            errors.Add("Deadline is empty");
        if (amendment.CourtDecisionDate == default)
            errors.Add("CourtDecisionDate is missing");
        if (amendment.AmendedAt == default)
            errors.Add("AmendedAt is missing");
        IncomingCommand.ThrowIfInvalid(errors, nameof(AmendReferral), amendment.ReferralId, messageId);
    }
}
