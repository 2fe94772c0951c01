using System.Diagnostics.CodeAnalysis;
using Horizont.Hosting;
using Horizont.Messages;
using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>
/// A referral received from a Jugendamt and everything the provider did with it: the entity. Its state changes
/// only through its steps (<c>Case.Steps.cs</c>), each of which returns the message it causes for the Jugendamt;
/// the transitions table and its guards are in <c>Case.StateMachine.cs</c>, the rules for what staff enter in
/// <c>Case.InputRules.cs</c>, the German labels in <c>Case.Labels.cs</c>.
/// </summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Case is the domain's word; no Visual Basic code consumes this type.")]
public sealed partial class Case
{
    /// <summary>Hours one entry (one shift) may add, and hours one day may hold.</summary>
    public const int MaxHoursPerDay = 10;

    /// <summary>Missed intake meetings after which no further appointment is made: non-compliance is to be reported.</summary>
    public const int MaxIntakeMisses = 2;

    private Case()
    {
    }

    /// <summary>The Jugendamt's pseudonymous referral id; the case's key.</summary>
    public Guid ReferralId { get; private set; }

    /// <summary>The agency id of the Jugendamt that referred; every answer goes back to it.</summary>
    public string JugendamtId { get; private set; } = "";

    /// <summary>The agency id of this provider, as the referral addressed it.</summary>
    public string ProviderId { get; private set; } = "";

    /// <summary>The Jugendamt's file reference (Aktenzeichen).</summary>
    public string FileReference { get; private set; } = "";

    public YoungPersonDetails YoungPerson { get; private set; } = null!;

    /// <summary>One of <see cref="LegalBasisCodes"/>.</summary>
    public string LegalBasis { get; private set; } = "";

    /// <summary>As referred, or as the last amendment set it.</summary>
    public decimal HoursOrdered { get; private set; }

    /// <summary>As referred, or as the last amendment set it.</summary>
    public DateOnly Deadline { get; private set; }

    public bool ConsequencesExplained { get; private set; }

    /// <summary>Codes from <see cref="WorkConstraintCodes"/>.</summary>
    public List<string> WorkConstraints { get; private set; } = [];

    /// <summary>The Jugendamt's short note about the work constraints.</summary>
    public string? Note { get; private set; }

    /// <summary>The Jugendamt's contact person for this referral.</summary>
    public ContactDetails Caseworker { get; private set; } = null!;

    public CaseState State { get; private set; }

    /// <summary>When the Jugendamt submitted the referral (its clock).</summary>
    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>When this provider received it (our clock).</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? DeclinedAt { get; private set; }

    /// <summary>One of <see cref="DeclineReasonCodes"/> once declined.</summary>
    public string? DeclineReasonCode { get; private set; }

    public string? DeclineNote { get; private set; }

    /// <summary>The last intake appointment made (UTC).</summary>
    public DateTimeOffset? IntakeAppointment { get; private set; }

    /// <summary>How often the young person missed the intake meeting (since the last court decision, see <see cref="Amend"/>).</summary>
    public int IntakeMissedCount { get; private set; }

    public DateOnly? IntakeLastMissedOn { get; private set; }

    public DateOnly? IntakeHeldOn { get; private set; }

    /// <summary>One of <see cref="PlacementCategoryCodes"/>; the only thing about the placement the Jugendamt learns.</summary>
    public string? PlacementCategory { get; private set; }

    /// <summary>The Einsatzstelle's name; stays at the provider.</summary>
    public string? PlacementName { get; private set; }

    /// <summary>The catalogue's Einsatzstelle when the placement was chosen from it (<see cref="PlacementSite"/>); stays at the provider.</summary>
    public Guid? PlacementSiteId { get; private set; }

    public DateOnly? PlacementStartDate { get; private set; }

    public DateTimeOffset? PlacedAt { get; private set; }

    /// <summary>The sum of <see cref="HourEntries"/>, kept with the case so the list and the concurrency check see it.</summary>
    public decimal HoursCompleted { get; private set; }

    /// <summary>The latest date on which hours were worked (an entry with positive hours).</summary>
    public DateOnly? LastShiftDate { get; private set; }

    /// <summary>More than half the period gone with less than half the hours done (computed on every change).</summary>
    public bool AtRisk { get; private set; }

    /// <summary>The deadline passed with hours outstanding (computed on every change).</summary>
    public bool Overdue { get; private set; }

    /// <summary>One of <see cref="NonComplianceReasonCodes"/>, once reported.</summary>
    public string? NonComplianceReasonCode { get; private set; }

    public List<DateOnly>? NonComplianceRemindedOn { get; private set; }

    public string? NonComplianceRecommendation { get; private set; }

    public DateTimeOffset? NonComplianceReportedAt { get; private set; }

    /// <summary>One of <see cref="ExtensionReasonCodes"/> while an extension request is pending.</summary>
    public string? ExtensionReasonCode { get; private set; }

    public DateOnly? ExtensionProposedDeadline { get; private set; }

    public DateTimeOffset? ExtensionRequestedAt { get; private set; }

    public DateOnly? CompletedOn { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The court decision of the last amendment applied.</summary>
    public DateOnly? LastCourtDecisionDate { get; private set; }

    public DateTimeOffset? AmendedAt { get; private set; }

    /// <summary>One of <see cref="WithdrawalReasonCodes"/> once withdrawn.</summary>
    public string? WithdrawalReasonCode { get; private set; }

    public DateOnly? WithdrawalEffectiveDate { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>When the case entered its current <see cref="State"/> (the start of the reminder rules that wait on a state).</summary>
    public DateTimeOffset StateSince { get; private set; }

    /// <summary>When hours were last logged (any entry, corrections included).</summary>
    public DateTimeOffset? HoursLoggedAt { get; private set; }

    /// <summary>When staff last reported the state of the work to the Jugendamt (hours, extension request, non-compliance, completion).</summary>
    public DateTimeOffset? StatusReportedAt { get; private set; }

    /// <summary>Optimistic concurrency: every change raises it, so two members of staff cannot both move the case from the same state.</summary>
    public int Version { get; private set; }

    /// <summary>What happened to the case, oldest first by <see cref="CaseHistoryEntry.Id"/>.</summary>
    public List<CaseHistoryEntry> History { get; private set; } = [];

    /// <summary>Every hours entry, corrections included, oldest first by <see cref="HourEntry.Id"/>; they add up to <see cref="HoursCompleted"/>.</summary>
    public List<HourEntry> HourEntries { get; private set; } = [];

    /// <summary>The first day on which more than half the period (acceptance, or receipt, to deadline) is gone: AT_RISK may start.</summary>
    public DateOnly? HalfTimePassedOn
    {
        get
        {
            var start = HorizontTime.DayOf(AcceptedAt ?? ReceivedAt);
            var period = Deadline.DayNumber - start.DayNumber;
            return period > 0 ? start.AddDays((period / 2) + 1) : null;
        }
    }

    /// <summary>The end of the deadline day in Germany: from then on the case is OVERDUE while hours are open.</summary>
    public DateTimeOffset DeadlineEnd => HorizontTime.StartOf(Deadline.AddDays(1));

    /// <summary>Codes from <see cref="CaseFlagCodes"/> as of the last change.</summary>
    public IReadOnlyList<string> Flags => FlagsOf(AtRisk, Overdue);

    /// <summary>Hours still to be worked (never below 0, even when an amendment lowered the order below the hours done).</summary>
    public decimal HoursOpen => Math.Max(0m, HoursOrdered - HoursCompleted);

    public bool CanComplete => WhyNot(CaseStep.Complete) is null;

    /// <summary>Codes from <see cref="NonComplianceGroundCodes"/>: reasons to report non-compliance now.</summary>
    public IReadOnlyList<string> NonComplianceGrounds =>
        State == IntakeMissed && IntakeMissedCount >= MaxIntakeMisses ? [NonComplianceGroundCodes.IntakeMissedTwice] : [];

    /// <summary>A new case from a referral that passed validation (which requires its opened personal fields).</summary>
    public static Case Receive(SubmitReferral referral, Guid messageId, DateTimeOffset now)
    {
        var young = referral.YoungPerson ?? throw new ArgumentException("The referral's young person is missing (not opened or not validated).", nameof(referral));
        var caseworker = referral.Caseworker ?? throw new ArgumentException("The referral's caseworker is missing (not opened or not validated).", nameof(referral));
        var @case = new Case
        {
            ReferralId = referral.ReferralId,
            JugendamtId = referral.SenderAgencyId,
            ProviderId = referral.ReceiverAgencyId,
            FileReference = referral.FileReference ?? throw new ArgumentException("The referral's file reference is missing (not opened or not validated).", nameof(referral)),
            YoungPerson = new YoungPersonDetails
            {
                GivenName = young.GivenName,
                FamilyName = young.FamilyName,
                DateOfBirth = young.DateOfBirth,
                Phone = young.Phone,
                Email = young.Email,
                Address = young.Address,
                GuardianName = young.Guardian?.Name,
                GuardianPhone = young.Guardian?.Phone,
            },
            LegalBasis = referral.LegalBasis,
            HoursOrdered = referral.HoursOrdered,
            Deadline = referral.Deadline,
            ConsequencesExplained = referral.ConsequencesExplained,
            WorkConstraints = [.. referral.WorkConstraints ?? []],
            Note = referral.Note,
            Caseworker = new ContactDetails
            {
                Name = caseworker.Name,
                Phone = caseworker.Phone,
                Email = caseworker.Email,
            },
            State = Submitted,
            StateSince = now,
            SubmittedAt = referral.SubmittedAt,
            ReceivedAt = now,
        };
        @case.Record(now, CaseHistoryKinds.ReferralReceived, referral.SenderAgencyId,
            $"Zuweisung von {referral.SenderAgencyId} erhalten.", messageId);
        return @case;
    }

    public static IReadOnlyList<string> FlagsOf(bool atRisk, bool overdue) =>
        (atRisk, overdue) switch
        {
            (true, true) => [CaseFlagCodes.AtRisk, CaseFlagCodes.Overdue],
            (true, false) => [CaseFlagCodes.AtRisk],
            (false, true) => [CaseFlagCodes.Overdue],
            _ => [],
        };

    /// <summary>The same referral arrived again under another message id; nothing changes but the history.</summary>
    public void RecordDuplicate(DateTimeOffset now, string senderAgencyId, Guid messageId) =>
        Record(now, CaseHistoryKinds.DuplicateReceived, senderAgencyId,
            $"Zuweisung von {senderAgencyId} erneut erhalten; nichts geändert.", messageId);

    /// <summary>A message to the Jugendamt was written to the outbox with this case's change; the dispatcher sends it under <paramref name="messageId"/>.</summary>
    public void RecordMessageSent(DateTimeOffset now, string messageType, Guid messageId) =>
        Record(now, CaseHistoryKinds.MessageSent, ProviderId, $"{messageType} an {JugendamtId} gesendet.", messageId);

    /// <summary>
    /// A reminder was raised for this case (the audit trail shows who was told what, and when). Returns the history
    /// line, for a sweep that reads the case without tracking it to add to its unit of work.
    /// </summary>
    public CaseHistoryEntry RecordReminder(DateTimeOffset now, string title, string teamName, DateTimeOffset dueAt) =>
        Record(now, CaseHistoryKinds.ReminderRaised, "horizont", $"Erinnerung „{title}“ an {teamName} (fällig {Time(dueAt)}).");

    /// <summary>
    /// AT_RISK: more than half the period from acceptance (or receipt) to the deadline is gone with less than
    /// half the hours done; OVERDUE: the deadline has passed with hours outstanding. Only while the hours are
    /// still to be worked (<see cref="WorkingStates"/>); a reported, completed or ended case carries no flags.
    /// </summary>
    private void RefreshFlags(DateTimeOffset now)
    {
        AtRisk = IsWorking && HalfTimePassedOn is { } half && HorizontTime.DayOf(now) >= half && HoursCompleted * 2 < HoursOrdered;
        Overdue = IsWorking && now >= DeadlineEnd && HoursCompleted < HoursOrdered;
    }

    private CaseHistoryEntry Record(DateTimeOffset now, string kind, string actor, string detail, Guid? messageId = null)
    {
        var entry = new CaseHistoryEntry
        {
            CaseId = ReferralId,
            Time = now,
            Kind = kind,
            Actor = actor,
            Detail = detail,
            MessageId = messageId,
        };
        History.Add(entry);
        return entry;
    }
}
