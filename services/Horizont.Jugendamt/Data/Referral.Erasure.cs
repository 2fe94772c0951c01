using Horizont.Hosting.Retention;

namespace Horizont.Jugendamt.Data;

/// <summary>
/// Erasure (domain.md, 9. gelöscht): once a referral has ended, its personal data goes, when the Jugendamt's retention
/// period after the last event is over (<c>ReferralRetention</c>) or when a caseworker asks for it (the erase route). The
/// skeleton stays for the statistics: ids, provider, status, dates, hours, codes and the history (ids and codes only).
/// </summary>
public sealed partial class Referral
{
    /// <summary>When the personal data was erased; null while it is kept.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>Null when the referral may be erased now; otherwise the German reason the caseworker sees.</summary>
    public string? WhyNotErase() => ReferralStateMachine.IsEnded(Status)
        ? null
        : $"Die Zuweisung läuft noch (Status „{ReferralLabels.Label(Status)}“). Gelöscht werden kann erst eine beendete Zuweisung "
            + "(abgelehnt, erledigt, beendet ohne Erfüllung oder abgeschlossen); eine laufende ist zuerst zu beenden.";

    /// <summary>
    /// Erases the handed-over content (the stored <c>SubmitReferral</c> with the young person, guardian and caseworker
    /// contact), its hash, the file reference, the provider's free texts and the file reference in the referral's
    /// reminders, and records it in the history as <paramref name="actor"/> (with the <c>EraseReferral</c> sent, when
    /// <paramref name="messageId"/> names it); saved with the caller's <c>SaveChanges</c>. Erasing an erased referral
    /// changes nothing and returns false.
    /// </summary>
    internal async Task<bool> EraseAsync(LedgerDbContext db, DateTimeOffset now, string actor, string detail, CancellationToken cancellationToken, Guid? messageId = null)
    {
        if (WhyNotErase() is { } reason)
            throw new InvalidOperationException($"Referral {Id} cannot be erased in status {Status}: {reason}");
        if (ErasedAt is not null)
            return false;
        FileReference = "";
        Payload = "";
        ContentHash = "";
        DeclineNote = null;
        NonComplianceRecommendation = null;
        ErasedAt = now;
        await db.EraseReferralTracesAsync(Id, cancellationToken);
        db.History.Add(new LedgerHistoryEntry { ReferralId = Id, Time = now, Kind = LedgerHistoryKinds.Erased, Actor = actor, Detail = detail, MessageId = messageId });
        return true;
    }

    /// <summary>The provider's answer to the Jugendamt's <c>EraseReferral</c>: recorded; nothing of the referral changes.</summary>
    internal static EventOutcome ErasureAnswer(Messages.ReferralErased m, string caseState) => m.Outcome switch
    {
        Messages.ErasureOutcomeCodes.NotEnded => new EventOutcome(false, $"der Fall läuft beim Träger noch ({caseState}); dort nichts gelöscht", "state"),
        Messages.ErasureOutcomeCodes.AlreadyErased => EventOutcome.Apply($"Der Träger hatte die personenbezogenen Daten bereits gelöscht (Fall {caseState})."),
        _ => EventOutcome.Apply($"Der Träger hat die personenbezogenen Daten gelöscht (Fall {caseState})."),
    };
}
