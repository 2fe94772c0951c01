using Horizont.Hosting;
using Horizont.Messages;

namespace Horizont.Jugendamt.Data;

/// <summary>
/// The provider's events applied to the referral, one method each: the step's row in
/// <see cref="ReferralStateMachine"/> decides whether it counts, a newer report of the same kind wins, and the
/// German text says what changed. The consumers check the event's contract and call one of these.
/// </summary>
public sealed partial class Referral
{
    /// <summary><c>Submitted</c> → <c>Accepted</c>.</summary>
    internal EventOutcome Apply(ReferralAccepted m)
    {
        if (Blocks(ReferralStep.Accept, out var row) is { } blocked)
            return blocked;

        Take(row);
        AnsweredAt = m.AcceptedAt;
        return EventOutcome.Apply("Vom Träger angenommen.");
    }

    /// <summary><c>Submitted</c> → <c>Declined</c>, with the reason; a decline that crossed a withdrawal of a referral never answered ends it too.</summary>
    internal EventOutcome Apply(ReferralDeclined m)
    {
        if (Blocks(ReferralStep.Decline, out var row) is { } blocked)
            return blocked;

        var crossedWithdrawal = Status == ReferralStatus.WithdrawalRequested;
        Take(row);
        DeclineReasonCode = m.ReasonCode;
        DeclineNote = m.Note;
        AnsweredAt = m.DeclinedAt;
        return EventOutcome.Apply($"Vom Träger abgelehnt, Grund {m.ReasonCode}."
            + (crossedWithdrawal ? " Die beantragte Beendigung hat sich damit gekreuzt; die Zuweisung ist beendet." : ""));
    }

    /// <summary>→ <c>IntakeScheduled</c>, <c>IntakeHeld</c> or <c>IntakeMissed</c>; a missed meeting may be scheduled again, a held one is not undone.</summary>
    internal EventOutcome Apply(IntakeMeetingRecorded m)
    {
        var (step, text) = m.Outcome switch
        {
            IntakeOutcomeCodes.Scheduled => (ReferralStep.ScheduleIntake, $"Erstgespräch terminiert für den {GermanText.Date(m.MeetingDate)}."),
            IntakeOutcomeCodes.Held => (ReferralStep.HoldIntake, $"Erstgespräch am {GermanText.Date(m.MeetingDate)} erfolgt."),
            _ => (ReferralStep.MissIntake, $"Erstgespräch am {GermanText.Date(m.MeetingDate)} versäumt (nicht erschienen)."),
        };
        if (Blocks(step, out var row) is { } blocked)
            return blocked;
        if (IntakeRecordedAt is { } last && m.RecordedAt <= last)
            return EventOutcome.Stale($"eine neuere Meldung zum Erstgespräch (vom {GermanText.Time(last)}) ist schon übernommen");

        Take(row);
        IntakeOutcome = m.Outcome;
        IntakeMeetingDate = m.MeetingDate;
        IntakeNextAppointment = m.NextAppointment;
        IntakeRecordedAt = m.RecordedAt;
        return EventOutcome.Apply(m.NextAppointment is { } next ? $"{text} Nächster Termin: {GermanText.Time(next)}." : text);
    }

    /// <summary>→ <c>Placed</c>, with category and start; while the hours are worked, a new placement changes where, not the status.</summary>
    internal EventOutcome Apply(PlacementArranged m)
    {
        if (Blocks(ReferralStep.ArrangePlacement, out var row) is { } blocked)
            return blocked;
        if (PlacementArrangedAt is { } last && m.ArrangedAt <= last)
            return EventOutcome.Stale($"eine neuere Vermittlung (vom {GermanText.Time(last)}) ist schon übernommen");

        var placement = $"Einsatzstelle der Kategorie {m.Category} ab {GermanText.Date(m.StartDate)}";
        PlacementCategory = m.Category;
        PlacementStartDate = m.StartDate;
        PlacementArrangedAt = m.ArrangedAt;
        if (row.To is null)
            return EventOutcome.Apply($"Einsatzstelle gewechselt: {placement}; {ReferralLabels.Describe(Status)} bleibt.");

        Take(row);
        return EventOutcome.Apply($"Vermittelt: {placement}.");
    }

    /// <summary>
    /// The running total: → <c>InProgress</c>, with the total and the flags. Only a report newer than the last
    /// applied one counts; while a non-compliance report waits for the court, the figures count and the status stays.
    /// </summary>
    internal EventOutcome Apply(HoursReported m, List<string> flags)
    {
        if (Blocks(ReferralStep.ReportHours, out var row) is { } blocked)
            return blocked;
        if (HoursReportedAt is { } last && m.ReportedAt <= last)
            return EventOutcome.Stale($"ein neuerer Stundenstand (vom {GermanText.Time(last)}) ist schon übernommen");

        HoursCompleted = m.HoursCompleted;
        if (FlagsReportedAt is not { } flagsAt || m.ReportedAt > flagsAt)
        {
            Flags = flags;
            FlagsReportedAt = m.ReportedAt;
        }

        LastShiftDate = m.LastShiftDate;
        HoursReportedAt = m.ReportedAt;
        var text = $"{GermanText.Hours(m.HoursCompleted)} von {GermanText.Hours(HoursOrdered)} Stunden geleistet{Hints(flags)}.";
        if (row.To is null)
            return EventOutcome.Apply($"{text} {ReferralLabels.Describe(Status)} bleibt.");

        Take(row);
        return EventOutcome.Apply(text);
    }

    /// <summary>→ <c>NonComplianceReported</c>, with reason, reminder dates and recommendation; its hours count when newer than the last hours report.</summary>
    internal EventOutcome Apply(NonComplianceReported m, List<DateOnly> remindedOn)
    {
        if (Blocks(ReferralStep.ReportNonCompliance, out var row) is { } blocked)
            return blocked;
        if (NonComplianceReportedAt is { } last && m.ReportedAt <= last)
            return EventOutcome.Stale($"eine neuere Meldung der Nichterfüllung (vom {GermanText.Time(last)}) ist schon übernommen");

        Take(row);
        NonComplianceReasonCode = m.ReasonCode;
        NonComplianceRemindedOn = remindedOn;
        NonComplianceRecommendation = m.Recommendation;
        NonComplianceReportedAt = m.ReportedAt;
        if (HoursReportedAt is not { } hoursAt || m.ReportedAt > hoursAt)
        {
            HoursCompleted = m.HoursCompleted;
            HoursReportedAt = m.ReportedAt;
        }

        var reminded = remindedOn.Count > 0 ? $", erinnert am {string.Join(", ", remindedOn.Select(GermanText.Date))}" : "";
        return EventOutcome.Apply(
            $"Nichterfüllung gemeldet: Grund {m.ReasonCode}{reminded}; {GermanText.Hours(m.HoursCompleted)} von {GermanText.Hours(HoursOrdered)} Stunden geleistet.");
    }

    /// <summary>The status stays; the request is pending until an amendment of the deadline answers it or the referral ends.</summary>
    internal EventOutcome Apply(ExtensionRequested m)
    {
        if (Blocks(ReferralStep.RequestExtension, out _) is { } blocked)
            return blocked;
        if (ExtensionRequestedAt is { } pending && m.RequestedAt <= pending)
            return EventOutcome.Stale($"ein neuerer Antrag (vom {GermanText.Time(pending)}) liegt schon vor");

        ExtensionReasonCode = m.ReasonCode;
        ExtensionProposedDeadline = m.ProposedDeadline;
        ExtensionRequestedAt = m.RequestedAt;
        return EventOutcome.Apply(
            $"Fristverlängerung (Grund {m.ReasonCode}, vorgeschlagen bis {GermanText.Date(m.ProposedDeadline)}) beantragt; bisherige Frist {GermanText.Date(Deadline)}.");
    }

    /// <summary>The flags changed with time alone; the status stays until a newer statement replaces them.</summary>
    internal EventOutcome Apply(CaseFlagsChanged m, List<string> flags)
    {
        if (Blocks(ReferralStep.ChangeFlags, out _) is { } blocked)
            return blocked;
        if (FlagsReportedAt is { } last && m.ChangedAt <= last)
            return EventOutcome.Stale("neuere Hinweise sind schon übernommen");

        Flags = flags;
        FlagsReportedAt = m.ChangedAt;
        var what = flags.Count > 0 ? $"Hinweise {string.Join(", ", flags)}" : "Hinweise aufgehoben";
        return EventOutcome.Apply($"{what} (Zeitablauf beim Träger).");
    }

    /// <summary>
    /// → <c>Completed</c>, with the total and the date. Wins over a withdrawal it crossed, and fills in a completion
    /// known only from the acknowledgement of a withdrawal (<c>ALREADY_COMPLETED</c>).
    /// </summary>
    internal EventOutcome Apply(ReferralCompleted m)
    {
        if (Blocks(ReferralStep.Complete, out var row) is { } blocked)
            return blocked;

        var crossedWithdrawal = Status == ReferralStatus.WithdrawalRequested;
        Take(row);
        HoursCompleted = m.TotalHours;
        CompletedOn = m.CompletedOn;
        return EventOutcome.Apply($"Erledigung am {GermanText.Date(m.CompletedOn)} mit {GermanText.Hours(m.TotalHours)} Stunden gemeldet (von {GermanText.Hours(HoursOrdered)} angeordneten)."
            + (crossedWithdrawal ? " Die beantragte Beendigung hat sich mit der Erledigung gekreuzt; die Erledigung gilt." : ""));
    }

    /// <summary>
    /// <c>WITHDRAWN</c> → <c>Withdrawn</c>; <c>ALREADY_COMPLETED</c> → <c>Completed</c> (both sides end on it);
    /// <c>ALREADY_ENDED</c> keeps the ended status. The outcome is kept.
    /// </summary>
    internal EventOutcome Apply(ReferralWithdrawalAcknowledged m, string caseState)
    {
        var step = m.Outcome switch
        {
            WithdrawalOutcomeCodes.Withdrawn => ReferralStep.AcknowledgeWithdrawn,
            WithdrawalOutcomeCodes.AlreadyCompleted => ReferralStep.AcknowledgeAlreadyCompleted,
            _ => ReferralStep.AcknowledgeAlreadyEnded,
        };
        if (ReferralStateMachine.Find(this, step) is not { } row)
        {
            if (step == ReferralStep.AcknowledgeAlreadyEnded && Status == ReferralStatus.WithdrawalRequested)
            {
                // The provider's own end (its decline) is on its way; that message ends the referral here.
                return new EventOutcome(false, "der Fall ist beim Träger schon beendet, dessen Meldung dazu (etwa die Ablehnung) steht hier noch aus", "state");
            }

            return ReferralStateMachine.IsEnded(Status) ? EventOutcome.Ended(this) : EventOutcome.DoesNotFit(this);
        }

        var detail = row switch
        {
            { Step: ReferralStep.AcknowledgeWithdrawn } => $"Beendigung vom Träger bestätigt, wirksam ab {GermanText.Date(m.EffectiveDate)}.",
            { Step: ReferralStep.AcknowledgeAlreadyCompleted, From: ReferralStatus.WithdrawalRequested } =>
                "Beendigung kam zu spät: der Fall war beim Träger schon erledigt. Beide Seiten schließen mit erledigt ab.",
            { Step: ReferralStep.AcknowledgeAlreadyCompleted } => "Beendigung kam zu spät: der Fall war beim Träger schon erledigt; Stand Completed bleibt.",
            _ => $"Beendigung nicht nötig: der Fall war beim Träger schon beendet ({caseState}); {ReferralLabels.Describe(Status)} bleibt.",
        };
        Take(row);
        WithdrawalOutcome = m.Outcome;
        WithdrawalAcknowledgedAt = m.AcknowledgedAt;
        return EventOutcome.Apply(detail);
    }

    /// <summary>
    /// → <c>Refused</c> (vom Träger zurückgewiesen), with reason code, refused type and time; the referral remembers
    /// where the case stood, so the provider's next report moves it on.
    /// </summary>
    internal EventOutcome Apply(ReferralRefused m, string fields)
    {
        if (Blocks(ReferralStep.Refuse, out var row) is { } blocked)
            return blocked;
        if (RefusedAt is { } last && m.RefusedAt <= last)
            return EventOutcome.Stale($"eine neuere Zurückweisung (vom {GermanText.Time(last)}) ist schon übernommen");

        Take(row);
        RefusalReasonCode = m.ReasonCode;
        RefusedMessageType = m.RefusedMessageType;
        RefusedAt = m.RefusedAt;
        return EventOutcome.Apply(
            $"Vom Träger zurückgewiesen: {m.RefusedMessageType} (Nachricht {m.RefusedMessageId}), Grund {m.ReasonCode}{fields}. Bitte prüfen, korrigieren und erneut senden.");
    }

    internal static string Hints(List<string> flags) => flags.Count > 0 ? $" (Hinweise {string.Join(", ", flags)})" : "";

    /// <summary>Null when <paramref name="step"/> has a row now (<paramref name="row"/>); otherwise why the event is only recorded.</summary>
    private EventOutcome? Blocks(ReferralStep step, out ReferralTransition row)
    {
        if (ReferralStateMachine.Find(this, step) is { } found)
        {
            row = found;
            return null;
        }

        row = null!;
        if (ReferralStateMachine.IsEnded(Status))
            return EventOutcome.Ended(this);
        return Status == ReferralStatus.WithdrawalRequested ? EventOutcome.WithdrawalPending() : EventOutcome.DoesNotFit(this);
    }

    /// <summary>
    /// Takes a row of the state machine: every status change ends here. A provider's step answers the Jugendamt's own
    /// last change; the Jugendamt's own change (and the provider's refusal of it) remembers where the case stood. An
    /// ended referral keeps no flags and no pending extension request.
    /// </summary>
    private void Take(ReferralTransition row)
    {
        if (row.To is not { } to)
            return;
        if (ReferralStateMachine.IsOwnChange(row.Step))
        {
            if (Status is not (ReferralStatus.Amended or ReferralStatus.WithdrawalRequested or ReferralStatus.Refused))
                StatusBeforeChange = Status;
            Status = to;
            return;
        }

        Status = to;
        StatusBeforeChange = null;
        if (ReferralStateMachine.IsEnded(to))
        {
            // Flags and a pending extension request only mean something while the hours are being worked.
            Flags = [];
            ClearExtensionRequest();
        }
    }

    private void ClearExtensionRequest()
    {
        ExtensionReasonCode = null;
        ExtensionProposedDeadline = null;
        ExtensionRequestedAt = null;
    }
}
