using Horizont.Hosting;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Export;
using Horizont.Jugendamt.Options;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Consumers;

/// <summary>Who an event is from and about, and when the provider says it happened (names the export file).</summary>
internal readonly record struct ProviderEvent(Guid ReferralId, string SenderAgencyId, string ReceiverAgencyId, DateTimeOffset OccurredAt);

/// <summary>
/// The one path every event from a provider takes after the receive pipeline (message id, addressing, inbox); each
/// consumer only states its own rule: find the referral (else <see cref="InvalidMessageException"/>: straight to the
/// error queue, ids only), apply the consumer's rule, record the history line and the export file (written after the commit by
/// <see cref="ExportWriter"/>), and commit it all, with the inbox row, in one <c>SaveChanges</c>.
/// An event that no longer fits is recorded, exported with <c>appliedToLedger: false</c>, counted
/// (<see cref="HorizontMetrics.NotApplied"/>) and logged as a warning; it is never retried.
/// </summary>
internal sealed class ProviderEventHandler(
    LedgerDbContext db,
    ExportWriter exportWriter,
    JugendamtAgency agency,
    TimeProvider time,
    ILogger<ProviderEventHandler> logger)
{
    /// <param name="context">The consume context of the event.</param>
    /// <param name="about">Its addressing and the time the provider stated.</param>
    /// <param name="what">What the provider reported, in German, for the history (e.g. "Annahme").</param>
    /// <param name="apply">The consumer's rule: changes the referral, or says why not.</param>
    public async Task HandleAsync<TEvent>(ConsumeContext<TEvent> context, ProviderEvent about, string what, Func<Referral, EventOutcome> apply)
        where TEvent : class
    {
        var eventType = typeof(TEvent).Name;
        var cancellationToken = context.CancellationToken;
        var messageId = context.MessageId!.Value;
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == about.ReferralId, cancellationToken)
            ?? throw new InvalidMessageException($"{eventType} {messageId}: referral {about.ReferralId} is not in the ledger of {agency.Id}.");

        var now = time.GetUtcNow();

        var outcome = apply(referral);
        if (outcome.Applied)
        {
            referral.UpdatedAt = now;
        }
        else
        {
            HorizontMetrics.NotApplied(eventType, outcome.Reason ?? "state");
            logger.LogWarning("{EventType} {MessageId} for referral {ReferralId} not applied ({Reason}) in status {Status}; recorded in the history only",
                eventType, messageId, referral.Id, outcome.Reason, referral.Status);
        }

        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referral.Id,
            Time = now,
            Kind = eventType,
            Actor = about.SenderAgencyId,
            Detail = outcome.Applied
                ? outcome.Detail
                : $"{what} gemeldet, nicht übernommen: {outcome.Detail}; Stand unverändert ({referral.Status}).",
            MessageId = messageId,
        });

        var file = EventExport.Enqueue(db,
            new ExportedEvent(eventType, messageId, referral.Id, referral.FileReference, about.SenderAgencyId, referral.Status, outcome.Applied, context.Message),
            about.OccurredAt,
            now);
        await db.SaveChangesAsync(cancellationToken);
        exportWriter.Notify();

        logger.LogInformation("{EventType} {MessageId} for referral {ReferralId} recorded (applied: {Applied}, status {Status}); export file {ExportFile} queued",
            eventType, messageId, referral.Id, outcome.Applied, referral.Status, file);
    }
}

/// <summary>Contract checks of an event's own fields (codes, lengths): a breach is an <see cref="InvalidMessageException"/> naming the field.</summary>
internal static class EventContract
{
    public const int MaxText = 500;

    public static void RequireCode<TEvent>(ConsumeContext<TEvent> context, string field, string? value, IReadOnlyList<string> allowed)
        where TEvent : class
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
            throw Invalid(context, $"{field} {FieldErrors.Quote(value)} is not one of {string.Join(", ", allowed)}.");
    }

    /// <summary>Every flag a known <c>CaseFlagCodes</c> value; returns them without repeats (none for a missing list).</summary>
    public static List<string> Flags<TEvent>(ConsumeContext<TEvent> context, IReadOnlyList<string>? flags)
        where TEvent : class
    {
        foreach (var flag in flags ?? [])
            RequireCode(context, "flags", flag, Messages.CaseFlagCodes.All);
        return (flags ?? []).Distinct(StringComparer.Ordinal).ToList();
    }

    public static void MaxLength<TEvent>(ConsumeContext<TEvent> context, string field, string? value)
        where TEvent : class
    {
        if (value is { Length: > MaxText })
            throw Invalid(context, $"{field} has {value.Length} characters; at most {MaxText} are allowed.");
    }

    public static void NotNegative<TEvent>(ConsumeContext<TEvent> context, string field, decimal value)
        where TEvent : class
    {
        if (value < 0)
            throw Invalid(context, $"{field} is negative.");
    }

    private static InvalidMessageException Invalid<TEvent>(ConsumeContext<TEvent> context, string problem)
        where TEvent : class => new($"{typeof(TEvent).Name} {context.MessageId}: {problem}");


}
