using Horizont.Hosting;
using Horizont.Hosting.Data;
using System.Text.Json;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Intake;

internal enum ChangeOutcome
{
    /// <summary>Recorded in the ledger and queued for the referral's provider.</summary>
    Sent,

    /// <summary>The same change (same derived id) was sent before: nothing is sent again.</summary>
    AlreadySent,

    /// <summary>No referral with that id in the ledger.</summary>
    UnknownReferral,

    /// <summary>The referral's status does not allow the change; <see cref="ChangeResult.Reason"/> says why (German).</summary>
    NotAllowed,
}

internal sealed record ChangeResult(ChangeOutcome Outcome, string? Reason = null);

/// <summary>
/// Sends a checked amendment or withdrawal to the referral's provider: the message in the outbox, the
/// ledger change (figures, status <c>Amended</c> or <c>WithdrawalRequested</c>), the recorded change id and
/// the history line, all in one <c>SaveChanges</c>. A change whose id was recorded before sends nothing.
/// A concurrent writer on the same referral makes the save fail; it is then judged again on fresh state, up to
/// three times; then the exception (<see cref="WriteConflicts.IsConflict"/>) goes to the caller, with nothing sent.
/// </summary>
internal sealed class ChangeHandover(LedgerDbContext db, JugendamtAgency agency, TimeProvider time, ILogger<ChangeHandover> logger)
{
    private const int Attempts = 3;
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <param name="change">The checked change.</param>
    /// <param name="actor">Who sends it, e.g. <c>ja-nordhausen/api</c>.</param>
    /// <param name="origin">Where it came from, for the history (file and row, or the API); ids only.</param>
    /// <param name="cancellationToken">Stops before the commit.</param>
    public async Task<ChangeResult> SendAsync(ValidChange change, string actor, string origin, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TrySendAsync(change, actor, origin, cancellationToken);
            }
            catch (Exception ex) when (WriteConflicts.IsConflict(ex))
            {
                // The referral changed meanwhile, the same change was recorded a moment earlier, or the other writer still
                // held the database (SQLite busy): judge again.
                db.ChangeTracker.Clear();
                if (attempt >= Attempts)
                {
                    // The caller answers it (the API with 409; the intake leaves the file for the next poll).
                    logger.LogWarning("{MessageType} {ChangeId} for referral {ReferralId} met a concurrent change at each of {Attempts} attempts; nothing sent",
                        change.MessageType, change.ChangeId, change.ReferralId, Attempts);
                    throw;
                }

                logger.LogInformation("{MessageType} {ChangeId} for referral {ReferralId} met a concurrent change ({Exception}); judging it again",
                    change.MessageType, change.ChangeId, change.ReferralId, ex.GetType().Name);
            }
        }
    }

    /// <summary>The German reason given for <see cref="ChangeOutcome.UnknownReferral"/>.</summary>
    public static string UnknownReason(Guid referralId) => $"Keine Zuweisung mit der Kennung {referralId} im Register dieses Jugendamts.";

    private async Task<ChangeResult> TrySendAsync(ValidChange change, string actor, string origin, CancellationToken cancellationToken)
    {
        var amendment = change as ValidAmendment;
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == change.ReferralId, cancellationToken);
        if (referral is null)
            return new ChangeResult(ChangeOutcome.UnknownReferral, UnknownReason(change.ReferralId));

        var now = time.GetUtcNow();
        if (await db.Changes.AnyAsync(c => c.Id == change.ChangeId, cancellationToken))
        {
            AddHistory(referral, now, amendment is not null ? LedgerHistoryKinds.AmendmentRepeated : LedgerHistoryKinds.WithdrawalRepeated, actor,
                $"{Noun(change)} erneut eingereicht, bereits gesendet; nichts gesendet ({origin}).", messageId: null);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{MessageType} {ChangeId} for referral {ReferralId} was sent before; nothing sent ({Origin})",
                change.MessageType, change.ChangeId, referral.Id, origin);
            return new ChangeResult(ChangeOutcome.AlreadySent);
        }

        var whyNot = amendment is not null ? referral.WhyNotAmend() : referral.WhyNotWithdraw();
        if (whyNot is not null)
        {
            AddHistory(referral, now, amendment is not null ? LedgerHistoryKinds.AmendmentRefused : LedgerHistoryKinds.WithdrawalRefused, actor,
                $"{Noun(change)} abgelehnt, nichts gesendet: {whyNot} ({origin})", messageId: null);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("{MessageType} {ChangeId} for referral {ReferralId} refused in status {Status}; nothing sent ({Origin})",
                change.MessageType, change.ChangeId, referral.Id, referral.Status, origin);
            return new ChangeResult(ChangeOutcome.NotAllowed, whyNot);
        }

        var (outbox, payload, detail) = change switch
        {
            ValidAmendment a => Amend(referral, a, now),
            ValidWithdrawal w => Withdraw(referral, w, now),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "Unknown kind of change."),
        };
        referral.UpdatedAt = now;
        db.Changes.Add(new ReferralChange
        {
            Id = change.ChangeId,
            ReferralId = referral.Id,
            Kind = change.MessageType,
            MessageId = outbox.MessageId,
            Actor = actor,
            Payload = payload,
            RecordedAt = now,
        });
        AddHistory(referral, now, change.MessageType, actor, $"{detail} ({origin}).", outbox.MessageId);
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("{MessageType} {ChangeId} for referral {ReferralId} sent to {ProviderId} as message {MessageId} ({Origin})",
            change.MessageType, change.ChangeId, referral.Id, referral.ProviderId, outbox.MessageId, origin);
        return new ChangeResult(ChangeOutcome.Sent);
    }

    private (OutboxMessage Outbox, string Payload, string Detail) Amend(Referral referral, ValidAmendment change, DateTimeOffset now)
    {
        var message = new AmendReferral
        {
            ReferralId = referral.Id,
            SenderAgencyId = agency.Id,
            ReceiverAgencyId = referral.ProviderId,
            HoursOrdered = change.HoursOrdered,
            Deadline = change.Deadline,
            CourtDecisionDate = change.CourtDecisionDate,
            AmendedAt = now,
        };
        var outbox = db.EnqueueSend(message, destinationAgencyId: referral.ProviderId, referral.Id, now);

        var what = referral.Amend(change.HoursOrdered, change.Deadline, change.CourtDecisionDate, now);
        var detail = $"Änderung an {referral.ProviderId} gesendet nach Gerichtsentscheidung vom {GermanText.Date(change.CourtDecisionDate)}: {string.Join(", ", what)}";
        return (outbox, JsonSerializer.Serialize(message, PayloadJson), detail);
    }

    private (OutboxMessage Outbox, string Payload, string Detail) Withdraw(Referral referral, ValidWithdrawal change, DateTimeOffset now)
    {
        var message = new WithdrawReferral
        {
            ReferralId = referral.Id,
            SenderAgencyId = agency.Id,
            ReceiverAgencyId = referral.ProviderId,
            ReasonCode = change.ReasonCode,
            EffectiveDate = change.EffectiveDate,
            WithdrawnAt = now,
        };
        var outbox = db.EnqueueSend(message, destinationAgencyId: referral.ProviderId, referral.Id, now);
        referral.Withdraw(change.ReasonCode, change.EffectiveDate, now);
        var detail = $"Beendigung an {referral.ProviderId} gesendet: Grund {change.ReasonCode}, wirksam ab {GermanText.Date(change.EffectiveDate)}; wartet auf die Bestätigung des Trägers";
        return (outbox, JsonSerializer.Serialize(message, PayloadJson), detail);
    }

    private void AddHistory(Referral referral, DateTimeOffset now, string kind, string actor, string detail, Guid? messageId) =>
        db.History.Add(new LedgerHistoryEntry
        {
            ReferralId = referral.Id,
            Time = now,
            Kind = kind,
            Actor = actor,
            Detail = detail,
            MessageId = messageId,
        });

    private static string Noun(ValidChange change) => change is ValidAmendment ? "Änderung" : "Beendigung";
}
