using System.Diagnostics.CodeAnalysis;
using Horizont.Messages;

namespace Horizont.Provider.Data;

/// <summary>
/// Where a case stands at the provider (domain.md, "The life of a referral"). Stored by name.
/// Only <see cref="Submitted"/>, <see cref="Accepted"/> and <see cref="Declined"/> are reached so far.
/// </summary>
public enum CaseState
{
    Submitted,
    Accepted,
    Declined,
    IntakeScheduled,
    IntakeHeld,
    Placed,
    InProgress,
    NonComplianceReported,
    Completed,
    Withdrawn,
    Closed,
}

/// <summary>A step staff (or a partner's message) can take on a case; <see cref="Case.WhyNot"/> says whether it is allowed.</summary>
public enum CaseStep
{
    Accept,
    Decline,
}

/// <summary>
/// A referral received from a Jugendamt and everything the provider did with it. Its state changes only
/// through the methods below, which check <see cref="WhyNot"/> first: the transition rules live here.
/// </summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Case is the domain's word; no Visual Basic code consumes this type.")]
public sealed class Case
{
    /// <summary>Which state each step leaves from and which state it leads to. Later steps add a row.</summary>
    private static readonly Dictionary<CaseStep, (CaseState[] From, CaseState To)> Transitions = new()
    {
        [CaseStep.Accept] = ([CaseState.Submitted], CaseState.Accepted),
        [CaseStep.Decline] = ([CaseState.Submitted], CaseState.Declined),
    };

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

    public decimal HoursOrdered { get; private set; }

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

    /// <summary>Optimistic concurrency: two members of staff cannot both move the case from the same state.</summary>
    public int Version { get; private set; }

    /// <summary>What happened to the case, oldest first by <see cref="CaseHistoryEntry.Id"/>.</summary>
    public List<CaseHistoryEntry> History { get; private set; } = [];

    /// <summary>A new case from a referral that passed validation.</summary>
    public static Case Receive(SubmitReferral referral, Guid messageId, DateTimeOffset now)
    {
        var young = referral.YoungPerson;
        var @case = new Case
        {
            ReferralId = referral.ReferralId,
            JugendamtId = referral.SenderAgencyId,
            ProviderId = referral.ReceiverAgencyId,
            FileReference = referral.FileReference,
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
                Name = referral.Caseworker.Name,
                Phone = referral.Caseworker.Phone,
                Email = referral.Caseworker.Email,
            },
            State = CaseState.Submitted,
            SubmittedAt = referral.SubmittedAt,
            ReceivedAt = now,
        };
        @case.Record(now, CaseHistoryKinds.ReferralReceived, referral.SenderAgencyId,
            $"Zuweisung von {referral.SenderAgencyId} erhalten.", messageId);
        return @case;
    }

    /// <summary>Null when <paramref name="step"/> is allowed now; otherwise the German reason staff see.</summary>
    public string? WhyNot(CaseStep step)
    {
        var (from, _) = Transitions[step];
        if (from.Contains(State))
            return null;
        return State switch
        {
            CaseState.Accepted => "Die Zuweisung ist bereits angenommen.",
            CaseState.Declined => "Die Zuweisung ist bereits abgelehnt.",
            CaseState.Withdrawn => "Die Zuweisung wurde vom Jugendamt beendet.",
            CaseState.Closed => "Der Fall ist abgeschlossen.",
            _ => $"{StepLabel(step)} ist im Status „{StateLabel(State)}“ nicht möglich.",
        };
    }

    /// <summary>Staff accepted the referral.</summary>
    public void Accept(DateTimeOffset now, string actor)
    {
        MoveOn(CaseStep.Accept);
        AcceptedAt = now;
        Record(now, CaseHistoryKinds.Accepted, actor, "Zuweisung angenommen.");
    }

    /// <summary>Staff declined the referral with a reason code (validated by the caller) and an optional note.</summary>
    public void Decline(DateTimeOffset now, string actor, string reasonCode, string? note)
    {
        MoveOn(CaseStep.Decline);
        DeclinedAt = now;
        DeclineReasonCode = reasonCode;
        DeclineNote = note;
        // The note stays out of the history: it is free text and may name people.
        Record(now, CaseHistoryKinds.Declined, actor, $"Zuweisung abgelehnt ({reasonCode}).");
    }

    /// <summary>The same referral arrived again under another message id; nothing changes but the history.</summary>
    public void RecordDuplicate(DateTimeOffset now, string senderAgencyId, Guid messageId) =>
        Record(now, CaseHistoryKinds.DuplicateReceived, senderAgencyId,
            $"Zuweisung von {senderAgencyId} erneut erhalten; nichts geändert.", messageId);

    /// <summary>A message to the Jugendamt was written to the outbox with this case's change; the dispatcher sends it under <paramref name="messageId"/>.</summary>
    public void RecordMessageSent(DateTimeOffset now, string messageType, Guid messageId) =>
        Record(now, CaseHistoryKinds.MessageSent, ProviderId, $"{messageType} an {JugendamtId} gesendet.", messageId);

    /// <summary>German label of a state, as the staff pages show it.</summary>
    public static string StateLabel(CaseState state) => state switch
    {
        CaseState.Submitted => "zugewiesen",
        CaseState.Accepted => "angenommen",
        CaseState.Declined => "abgelehnt",
        CaseState.IntakeScheduled => "Erstgespräch terminiert",
        CaseState.IntakeHeld => "Erstgespräch erfolgt",
        CaseState.Placed => "vermittelt",
        CaseState.InProgress => "in Ableistung",
        CaseState.NonComplianceReported => "Nichterfüllung gemeldet",
        CaseState.Completed => "erledigt",
        CaseState.Withdrawn => "beendet ohne Erfüllung",
        CaseState.Closed => "abgeschlossen",
        _ => state.ToString(),
    };

    private static string StepLabel(CaseStep step) => step switch
    {
        CaseStep.Accept => "Annehmen",
        CaseStep.Decline => "Ablehnen",
        _ => step.ToString(),
    };

    private void MoveOn(CaseStep step)
    {
        if (WhyNot(step) is { } reason)
            throw new InvalidOperationException($"Step {step} is not allowed in state {State} for referral {ReferralId}: {reason}");
        State = Transitions[step].To;
        Version++;
    }

    private void Record(DateTimeOffset now, string kind, string actor, string detail, Guid? messageId = null) =>
        History.Add(new CaseHistoryEntry
        {
            CaseId = ReferralId,
            Time = now,
            Kind = kind,
            Actor = actor,
            Detail = detail,
            MessageId = messageId,
        });
}

/// <summary>The young person as the referral named them. Personal data: never in logs or exception messages.</summary>
public sealed record YoungPersonDetails
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly DateOfBirth { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? GuardianName { get; init; }
    public string? GuardianPhone { get; init; }
}

/// <summary>A contact person at the partner agency.</summary>
public sealed record ContactDetails
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}
