using Horizont.Hosting.Logging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using MassTransit;
using MassTransit.Context;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Horizont.Hosting.Messaging;

/// <summary>
/// What every message on an agency's endpoint passes before its consumer, once, in the receive pipeline (inside the
/// retry filter, in the consumer's own scope and unit of work):
/// <list type="number">
/// <item>a message id, or it cannot be deduplicated;</item>
/// <item>the addressing of an <see cref="IReferralMessage"/>: a referral id, this agency as receiver, a partner of the
/// right kind as sender, and for a referral the store already knows, the agency on its other side;</item>
/// <item>the inbox: a message id handled before changes nothing; a new one is recorded in the consumer's unit of work,
/// so it commits with the consumer's effect (or alone, when the consumer had nothing to save);</item>
/// <item>the sealed personal fields, opened with the key of sender and receiver (<see cref="FieldSealer"/>): the consumer
/// sees the message as its sender wrote it, and its personal values are kept out of every log and fault text written
/// about it (<see cref="PersonalValues"/>).</item>
/// </list>
/// Its two reads (the inbox, the counterpart) go to the store together with those of the endpoint's other messages of
/// the same moment (<see cref="InboxReads{TDbContext}"/>), not one round trip per message each.
/// A breach is an <see cref="InvalidMessageException"/>: no retries, straight to the error queue with a reason that names
/// fields and ids, never personal data. Where the endpoint answers refusals, the sender also gets a
/// <see cref="ReferralRefused"/> through the outbox. Any failure leaves the unit of work empty for the next attempt.
/// </summary>
public sealed class ReceivePipelineFilter<TDbContext, TMessage>(
    TDbContext db,
    AgencyInbox<TDbContext> inbox,
    InboxReads<TDbContext> reads,
    PartnerDirectory partners,
    FieldSealer sealer,
    TimeProvider time,
    ILogger<ReceivePipelineFilter<TDbContext, TMessage>> logger) : IFilter<ConsumeContext<TMessage>>
    where TDbContext : DbContext
    where TMessage : class
{
    private static readonly string MessageType = typeof(TMessage).Name;

    /// <summary>The inbox key of the message type's consumer (the name the consumers used when they kept the inbox themselves).</summary>
    public static readonly string InboxKey = MessageType + "Consumer";

    /// <summary>The reason code of a message whose broker user is not its claimed sender's (not a wire code: never answered).</summary>
    public const string SenderNotAuthenticated = "SENDER_NOT_AUTHENTICATED";

    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var cancellationToken = context.CancellationToken;
        var addressed = context.Message as IReferralMessage;
        var started = time.GetTimestamp();
        var inConsumer = false;
        try
        {
            var messageId = context.MessageId
                ?? throw new InvalidMessageException($"{MessageType} for referral {addressed?.ReferralId} has no message id; it cannot be deduplicated.");
            if (addressed is not null)
                await CheckAddressingAsync(addressed, messageId, context.ReceiveContext, cancellationToken);

            if (await reads.WasHandledAsync(messageId, InboxKey, cancellationToken))
            {
                HorizontMetrics.NotApplied(MessageType, "duplicate");
                logger.LogInformation("{MessageType} {MessageId} for referral {ReferralId} was handled before; nothing changed",
                    MessageType, messageId, addressed?.ReferralId);
                return;
            }

            var opened = sealer.Open(context.Message);
            db.Set<InboxMessage>().Add(new InboxMessage { MessageId = messageId, Consumer = InboxKey, ReceivedAt = time.GetUtcNow() });
            // The consumer and the commit of its effect with the opened personal values in scope: what either logs or throws
            // loses them (the commit's failure too, which a store interceptor or a constraint may word with a value).
            await PersonalValues.WithinAsync(opened, async () =>
            {
                inConsumer = true;
                await next.Send(ReferenceEquals(opened, context.Message) ? context : new MessageConsumeContext<TMessage>(context, opened));
                inConsumer = false;
                if (db.ChangeTracker.HasChanges())
                    await db.SaveChangesAsync(cancellationToken);
            });
        }
        catch (Exception ex)
        {
            // A concurrent change (version), a concurrent copy of the message (inbox key) or any other failure: the next
            // attempt judges the message again on fresh state, whichever scope it runs in.
            db.ChangeTracker.Clear();
            // A message its claimed sender did not write is not answered to that sender: it would only puzzle them. Nor is
            // one whose seal does not open here: a missing key is operations' to install, after which they replay it.
            if (ex is InvalidMessageException { ReasonCode: not (SenderNotAuthenticated or FieldSealer.Unreadable) } refusal && inbox.AnswerRefusals && addressed is not null
                && context.MessageId is { } refusedId)
                await AnswerRefusalAsync(addressed, refusedId, refusal);
            // A consumer's failure is reported by MassTransit's consumer filter; the pipeline's own the same way, so the
            // fault (Fault<T>) and the error queue's headers say what happened, whichever step refused the message.
            if (!inConsumer)
                await context.NotifyFaulted(context, time.GetElapsedTime(started), nameof(ReceivePipelineFilter<TDbContext, TMessage>), ex);
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("horizontReceivePipeline");

    private async Task CheckAddressingAsync(IReferralMessage message, Guid messageId, ReceiveContext received, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var fields = new List<string>();
        var code = RefusalReasonCodes.InvalidContent;
        if (message.ReferralId == Guid.Empty)
            Add("referralId", "referralId is empty", RefusalReasonCodes.InvalidContent);

        if (string.IsNullOrWhiteSpace(message.ReceiverAgencyId))
            Add("receiverAgencyId", "receiverAgencyId is missing", RefusalReasonCodes.InvalidContent);
        else if (!string.Equals(message.ReceiverAgencyId, inbox.AgencyId, StringComparison.Ordinal))
            Add("receiverAgencyId", $"receiverAgencyId {FieldErrors.Quote(message.ReceiverAgencyId)} is not this agency ('{inbox.AgencyId}')", RefusalReasonCodes.WrongReceiver);

        if (string.IsNullOrWhiteSpace(message.SenderAgencyId))
            Add("senderAgencyId", "senderAgencyId is missing", RefusalReasonCodes.InvalidContent);
        else if (partners.Find(message.SenderAgencyId, inbox.Senders) is not { } sender)
            Add("senderAgencyId", $"senderAgencyId {FieldErrors.Quote(message.SenderAgencyId)} is not a {inbox.Senders} in the partner directory", RefusalReasonCodes.UnknownSender);
        else if (BrokerUserId.IsFromBroker(received) && BrokerUserId.Of(received) is var user && !string.Equals(user, sender.BrokerUserName, StringComparison.Ordinal))
        {
            // The broker vouches for user_id (it refuses a publish whose user_id is not the connection's user), not for
            // the body: a message claiming another agency than the broker user who wrote it is a forgery or a mix-up.
            Add("senderAgencyId", $"senderAgencyId {FieldErrors.Quote(message.SenderAgencyId)} was not sent by that agency's broker user '{sender.BrokerUserName}' "
                + $"but {(user is null ? "without a user_id" : $"by broker user {FieldErrors.Quote(user)}")}", SenderNotAuthenticated);
        }

        if (errors.Count == 0 && await reads.CounterpartOfAsync(message.ReferralId, cancellationToken) is { } counterpart
            && !string.Equals(counterpart, message.SenderAgencyId, StringComparison.Ordinal))
        {
            Add("senderAgencyId", $"senderAgencyId {FieldErrors.Quote(message.SenderAgencyId)} is not the agency on the other side of the referral ('{counterpart}')",
                RefusalReasonCodes.NotTheCounterpart);
        }

        if (errors.Count > 0)
        {
            throw new InvalidMessageException($"{MessageType} {message.ReferralId} (message {messageId}) is invalid: {string.Join("; ", errors)}.")
            {
                ReasonCode = code,
                Fields = fields,
            };
        }

        void Add(string field, string error, string reason)
        {
            errors.Add(error);
            fields.Add(field);
            // The first addressing problem names the refusal; a missing value is plain invalid content.
            if (code == RefusalReasonCodes.InvalidContent)
                code = reason;
        }
    }

    /// <summary>
    /// Queues a <see cref="ReferralRefused"/> for the sender, when the sender is a partner it can go to. Its message id
    /// follows from the refused one, so a replayed copy of the refused message answers once.
    /// </summary>
    private async Task AnswerRefusalAsync(IReferralMessage message, Guid refusedId, InvalidMessageException refusal)
    {
        if (message.ReferralId == Guid.Empty || string.IsNullOrWhiteSpace(message.SenderAgencyId)
            || partners.Find(message.SenderAgencyId, inbox.Senders) is null)
        {
            logger.LogWarning("{MessageType} {MessageId} refused ({ReasonCode}); no refusal sent: the sender is not a partner it could go to",
                MessageType, refusedId, refusal.ReasonCode);
            return;
        }

        var answerId = DerivedId.Of($"{nameof(ReferralRefused)}:{refusedId:D}");
        try
        {
            if (await db.Set<OutboxMessage>().AnyAsync(m => m.MessageId == answerId, CancellationToken.None))
                return;
            var now = time.GetUtcNow();
            db.EnqueueSend(new ReferralRefused
            {
                ReferralId = message.ReferralId,
                SenderAgencyId = inbox.AgencyId,
                ReceiverAgencyId = message.SenderAgencyId,
                RefusedMessageType = MessageType,
                RefusedMessageId = refusedId,
                ReasonCode = refusal.ReasonCode,
                Fields = refusal.Fields,
                Reason = refusal.Message.Cut(ReferralLimits.MaxReasonLength),
                RefusedAt = now,
            }, message.SenderAgencyId, message.ReferralId, now, answerId);
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("{MessageType} {MessageId} for referral {ReferralId} refused ({ReasonCode}); refusal {RefusalId} queued for {SenderAgencyId}",
                MessageType, refusedId, message.ReferralId, refusal.ReasonCode, answerId, message.SenderAgencyId);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            // The refused message still goes to the error queue, where operations sees it; only the answer is missing.
            db.ChangeTracker.Clear();
            logger.LogError("Refusal of {MessageType} {MessageId} for referral {ReferralId} could not be queued ({Error})",
                MessageType, refusedId, message.ReferralId, ex.GetType().Name);
        }
    }
}

/// <summary>Puts <see cref="ReceivePipelineFilter{TDbContext,TMessage}"/> in front of every consumer of an agency's endpoint, in the consumer's scope.</summary>
internal sealed class ReceivePipelineObserver<TDbContext>(IRegistrationContext context) : IConsumerConfigurationObserver
    where TDbContext : DbContext
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class
    {
        if (configurator is not IConsumerMessageConfigurator<TMessage> message)
            throw new ConfigurationException($"The receive pipeline could not be added to {typeof(TConsumer).Name} ({typeof(TMessage).Name}).");
        message.UseFilter(new ScopedConsumeFilter<TMessage, ReceivePipelineFilter<TDbContext, TMessage>>(new ConsumeScopeProvider(context)));
    }
}
