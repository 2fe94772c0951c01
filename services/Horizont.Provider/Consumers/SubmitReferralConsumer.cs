using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Options;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Horizont.Provider.Consumers;

/// <summary>
/// Takes a Jugendamt's referral (Zuweisung) into the case store as a new case in state Submitted.
/// A message that breaks the contract goes to the error queue at once (<see cref="InvalidMessageException"/>);
/// a redelivered message changes nothing (inbox), and the same referral under a new message id only
/// adds a history entry.
/// </summary>
public sealed class SubmitReferralConsumer(
    CaseDbContext db,
    PartnerDirectory partners,
    IOptions<ProviderOptions> options,
    TimeProvider time,
    ILogger<SubmitReferralConsumer> logger) : IConsumer<SubmitReferral>
{
    public const int MaxNoteLength = 500;

    public async Task Consume(ConsumeContext<SubmitReferral> context)
    {
        var referral = context.Message;
        var cancellationToken = context.CancellationToken;
        var messageId = IncomingCommand.MessageIdOf(context, nameof(SubmitReferral), referral.ReferralId);
        Validate(referral, messageId);

        var now = time.GetUtcNow();
        if (!await db.TryRecordInboxAsync(messageId, nameof(SubmitReferralConsumer), now, cancellationToken))
        {
            logger.LogInformation("Message {MessageId} with referral {ReferralId} was handled before; ignored", messageId, referral.ReferralId);
            return;
        }

        var existing = await db.Cases.SingleOrDefaultAsync(c => c.ReferralId == referral.ReferralId, cancellationToken);
        if (existing is not null)
        {
            IncomingCommand.CheckSenderReferred(existing, referral.SenderAgencyId, nameof(SubmitReferral), messageId);
            existing.RecordDuplicate(now, referral.SenderAgencyId, messageId);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Referral {ReferralId} from {SenderAgencyId} received again as message {MessageId}; the case is unchanged",
                referral.ReferralId, referral.SenderAgencyId, messageId);
            return;
        }

        db.Cases.Add(Case.Receive(referral, messageId, now));
        // One SaveChanges: the case, its first history entry and the inbox row commit together. A concurrent
        // copy of the same referral fails here on the primary key and is retried, then finds the case.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Referral {ReferralId} from {SenderAgencyId} to {ReceiverAgencyId} received as message {MessageId}; case opened",
            referral.ReferralId, referral.SenderAgencyId, referral.ReceiverAgencyId, messageId);
    }

    /// <summary>
    /// Checks what the contract promises. The reasons name fields and codes, never the personal data
    /// the message carries: they end up in the error queue, which operations staff read.
    /// </summary>
    private void Validate(SubmitReferral referral, Guid messageId)
    {
        var errors = new List<string>();
        IncomingCommand.CheckAddressing(errors, partners, options.Value.AgencyId, referral.ReferralId, referral.SenderAgencyId, referral.ReceiverAgencyId);

        if (string.IsNullOrWhiteSpace(referral.FileReference))
            errors.Add("FileReference is missing");

        if (referral.YoungPerson is not { } young)
        {
            errors.Add("YoungPerson is missing");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(young.GivenName))
                errors.Add("YoungPerson.GivenName is missing");
            if (string.IsNullOrWhiteSpace(young.FamilyName))
                errors.Add("YoungPerson.FamilyName is missing");
            if (young.DateOfBirth == default)
            {
                errors.Add("YoungPerson.DateOfBirth is missing");
            }
            else
            {
                var day = referral.SubmittedAt == default ? time.Today() : HorizontTime.DayOf(referral.SubmittedAt);
                if (HorizontTime.AgeOn(young.DateOfBirth, day) < 18 && string.IsNullOrWhiteSpace(young.Guardian?.Name))
                    errors.Add("YoungPerson.Guardian.Name is missing; the contract requires a guardian for a minor");
            }
        }

        if (string.IsNullOrWhiteSpace(referral.LegalBasis))
            errors.Add($"LegalBasis is missing (allowed: {string.Join(", ", LegalBasisCodes.All)})");
        else if (!LegalBasisCodes.All.Contains(referral.LegalBasis, StringComparer.Ordinal))
            errors.Add($"LegalBasis {FieldErrors.Quote(referral.LegalBasis)} is not a known code (allowed: {string.Join(", ", LegalBasisCodes.All)})");

        if (referral.HoursOrdered <= 0)
            errors.Add("HoursOrdered must be greater than 0");

        if (referral.Deadline == default)
            errors.Add("Deadline is missing");

        foreach (var code in referral.WorkConstraints ?? [])
        {
            if (!WorkConstraintCodes.All.Contains(code, StringComparer.Ordinal))
                errors.Add($"WorkConstraints contains {FieldErrors.Quote(code)}, not a known code (allowed: {string.Join(", ", WorkConstraintCodes.All)})");
        }

        if (referral.Note is { Length: > MaxNoteLength })
            errors.Add($"Note has {referral.Note.Length} characters; at most {MaxNoteLength} are allowed");

        if (referral.Caseworker is null)
            errors.Add("Caseworker is missing");
        else if (string.IsNullOrWhiteSpace(referral.Caseworker.Name))
            errors.Add("Caseworker.Name is missing");

        if (referral.SubmittedAt == default)
            errors.Add("SubmittedAt is missing");

        IncomingCommand.ThrowIfInvalid(errors, nameof(SubmitReferral), referral.ReferralId, messageId);
    }
}
