using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>
/// Erasure (domain.md, 9. gelöscht): once a case has ended, its personal data goes, when the provider's retention period
/// is over (<c>CaseRetention</c>) or when the Jugendamt asks for it (<c>EraseReferral</c>). The skeleton stays for the
/// statistics: ids, agencies, state, dates, hours, codes and the history (which holds ids and codes only).
/// </summary>
public sealed partial class Case
{
    /// <summary>States in which the case has ended: nothing more happens to it, so it may be erased.</summary>
    public static IReadOnlyList<CaseState> EndedStates { get; } = [Declined, Completed, Withdrawn, Closed];

    /// <summary>When the personal data was erased; null while it is kept.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    public bool HasEnded => EndedStates.Contains(State);

    /// <summary>Null when the case may be erased now; otherwise the German reason staff (and the Jugendamt) see.</summary>
    public string? WhyNotErase() => HasEnded ? null : $"Der Fall läuft noch (Status „{StateLabel(State)}“); gelöscht wird erst ein beendeter Fall.";

    /// <summary>
    /// Erases the young person, the caseworker's contact, the file reference and every free text that may name someone
    /// (notes, the placement's name, the recommendation), also in the hours entries (load them first). Erasing an erased
    /// case changes nothing and returns false.
    /// </summary>
    public bool Erase(DateTimeOffset now, string actor, string detail)
    {
        if (WhyNotErase() is { } reason)
            throw new InvalidOperationException($"Referral {ReferralId} cannot be erased in state {State}: {reason}");
        if (ErasedAt is not null)
            return false;
        FileReference = "";
        YoungPerson = new YoungPersonDetails { GivenName = "", FamilyName = "", DateOfBirth = default };
        Caseworker = new ContactDetails { Name = "" };
        Note = null;
        DeclineNote = null;
        NonComplianceRecommendation = null;
        PlacementName = null;
        foreach (var entry in HourEntries)
            entry.Note = null;
        ErasedAt = now;
        Version++;
        Record(now, CaseHistoryKinds.Erased, actor, detail);
        return true;
    }
}
