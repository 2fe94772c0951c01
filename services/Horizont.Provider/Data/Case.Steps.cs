using Horizont.Hosting;
using Horizont.Messages;
using static Horizont.Provider.Data.CaseState;

namespace Horizont.Provider.Data;

/// <summary>The steps of a case. Each is checked against the state machine and returns the message it causes for the Jugendamt.</summary>
public sealed partial class Case
{
    /// <summary>Staff accepted the referral.</summary>
    public ReferralAccepted Accept(DateTimeOffset now, string actor)
    {
        Check(CaseStep.Accept);
        AcceptedAt = now;
        MoveTo(CaseStep.Accept, Accepted, now);
        Record(now, CaseHistoryKinds.Accepted, actor, "Zuweisung angenommen.");
        return new ReferralAccepted
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            AcceptedAt = now,
        };
    }

    /// <summary>Staff declined the referral with a reason code (validated by the caller) and an optional note.</summary>
    public ReferralDeclined Decline(DateTimeOffset now, string actor, string reasonCode, string? note)
    {
        Check(CaseStep.Decline);
        DeclinedAt = now;
        DeclineReasonCode = reasonCode;
        DeclineNote = note;
        MoveTo(CaseStep.Decline, Declined, now);
        // The note stays out of the history: it is free text and may name people.
        Record(now, CaseHistoryKinds.Declined, actor, $"Zuweisung abgelehnt ({reasonCode}).");
        return new ReferralDeclined
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            ReasonCode = reasonCode,
            Note = note,
            DeclinedAt = now,
        };
    }

    /// <summary>Staff made an intake appointment (first, or the one allowed after a missed meeting).</summary>
    public IntakeMeetingRecorded ScheduleIntake(DateTimeOffset now, string actor, DateTimeOffset appointment)
    {
        Check(CaseStep.ScheduleIntake);
        var again = State == IntakeMissed;
        IntakeAppointment = appointment.ToUniversalTime();
        MoveTo(CaseStep.ScheduleIntake, IntakeScheduled, now);
        Record(now, CaseHistoryKinds.IntakeScheduled, actor,
            $"Erstgespräch {(again ? "neu " : "")}terminiert auf {Time(appointment)}.");
        return IntakeMeeting(IntakeOutcomeCodes.Scheduled, HorizontTime.DayOf(appointment), IntakeAppointment, now);
    }

    /// <summary>The scheduled intake meeting took place on <paramref name="heldOn"/>.</summary>
    public IntakeMeetingRecorded RecordIntakeHeld(DateTimeOffset now, string actor, DateOnly heldOn)
    {
        Check(CaseStep.RecordIntakeHeld);
        IntakeHeldOn = heldOn;
        MoveTo(CaseStep.RecordIntakeHeld, IntakeHeld, now);
        Record(now, CaseHistoryKinds.IntakeHeld, actor, $"Erstgespräch am {GermanText.Date(heldOn)} geführt.");
        return IntakeMeeting(IntakeOutcomeCodes.Held, heldOn, nextAppointment: null, now);
    }

    /// <summary>The young person did not come to the scheduled intake meeting on <paramref name="missedOn"/>.</summary>
    public IntakeMeetingRecorded RecordIntakeMissed(DateTimeOffset now, string actor, DateOnly missedOn)
    {
        Check(CaseStep.RecordIntakeMissed);
        IntakeMissedCount++;
        IntakeLastMissedOn = missedOn;
        MoveTo(CaseStep.RecordIntakeMissed, IntakeMissed, now);
        Record(now, CaseHistoryKinds.IntakeMissed, actor,
            IntakeMissedCount >= MaxIntakeMisses
                ? $"Zum Erstgespräch am {GermanText.Date(missedOn)} nicht erschienen ({IntakeMissedCount}. Mal): Grund für eine Meldung der Nichterfüllung."
                : $"Zum Erstgespräch am {GermanText.Date(missedOn)} nicht erschienen ({IntakeMissedCount}. Mal); ein neuer Termin ist möglich.");
        return IntakeMeeting(IntakeOutcomeCodes.Missed, missedOn, nextAppointment: null, now);
    }

    /// <summary>A placement was found, or the young person moves to another one.</summary>
    /// <remarks>With <paramref name="siteId"/> the placement is at a site of the catalogue (its name is <paramref name="name"/>).</remarks>
    public PlacementArranged ArrangePlacement(DateTimeOffset now, string actor, string category, string name, DateOnly startDate, Guid? siteId = null)
    {
        Check(CaseStep.ArrangePlacement);
        var change = PlacementCategory is not null;
        PlacementCategory = category;
        PlacementName = name;
        PlacementSiteId = siteId;
        PlacementStartDate = startDate;
        PlacedAt = now;
        MoveTo(CaseStep.ArrangePlacement, State == InProgress ? InProgress : Placed, now);
        // The name stays out of the history like every entered text; the case shows it.
        Record(now, CaseHistoryKinds.PlacementArranged, actor,
            $"{(change ? "Einsatzstelle gewechselt" : "Einsatzstelle vermittelt")} ({category}), Beginn {GermanText.Date(startDate)}.");
        return new PlacementArranged
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            Category = category,
            StartDate = startDate,
            ArrangedAt = now,
        };
    }

    /// <summary>
    /// One shift, or a correction of earlier entries; the input must pass <see cref="HoursEntryProblems"/>. The report
    /// carries the running total, the last shift and the flags as they stand after the entry.
    /// </summary>
    public HoursReported LogHours(DateTimeOffset now, string actor, DateOnly date, decimal hours, bool correction, string? note)
    {
        Check(CaseStep.LogHours);
        if (HoursEntryProblems(date, hours, correction, HorizontTime.DayOf(now)) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(
                $"Hours entry for referral {ReferralId} breaks the rules ({string.Join(", ", problems.Select(p => p.Field).Distinct())}).");
        }

        HoursCompleted += hours;
        HourEntries.Add(new HourEntry
        {
            CaseId = ReferralId,
            Date = date,
            Hours = hours,
            Correction = correction,
            Note = note,
            RecordedAt = now,
            RecordedBy = actor,
            TotalAfter = HoursCompleted,
        });
        LastShiftDate = HourEntries.Where(e => e.Hours > 0).Max(e => (DateOnly?)e.Date);
        HoursLoggedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.LogHours, InProgress, now);
        Record(now, CaseHistoryKinds.HoursLogged, actor, correction
            ? $"Korrektur {SignedHours(hours)} Stunden zum {GermanText.Date(date)}; geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}."
            : $"{GermanText.Hours(hours)} Stunden am {GermanText.Date(date)} erfasst; geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}.");
        return new HoursReported
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            HoursCompleted = HoursCompleted,
            LastShiftDate = LastShiftDate,
            Flags = Flags,
            ReportedAt = now,
        };
    }

    /// <summary>Staff report that the young person does not fulfil the order; the report carries the hours done so far.</summary>
    public NonComplianceReported ReportNonCompliance(DateTimeOffset now, string actor, string reasonCode, IReadOnlyList<DateOnly> remindedOn, string? recommendation)
    {
        Check(CaseStep.ReportNonCompliance);
        NonComplianceReasonCode = reasonCode;
        NonComplianceRemindedOn = [.. remindedOn];
        NonComplianceRecommendation = recommendation;
        NonComplianceReportedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.ReportNonCompliance, CaseState.NonComplianceReported, now);
        Record(now, CaseHistoryKinds.NonComplianceReported, actor,
            $"Nichterfüllung gemeldet ({reasonCode}); {remindedOn.Count} Erinnerung(en), geleistet {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)}.");
        return new NonComplianceReported
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            ReasonCode = reasonCode,
            RemindedOn = [.. remindedOn],
            Recommendation = recommendation,
            HoursCompleted = HoursCompleted,
            ReportedAt = now,
        };
    }

    /// <summary>Staff ask the Jugendamt to have the deadline extended; the state stays, the request is pending until an amendment sets a deadline.</summary>
    public ExtensionRequested RequestExtension(DateTimeOffset now, string actor, string reasonCode, DateOnly proposedDeadline)
    {
        Check(CaseStep.RequestExtension);
        if (ExtensionProblems(proposedDeadline).Count > 0)
            throw new InvalidOperationException($"Proposed deadline for referral {ReferralId} is not after the deadline in force.");
        ExtensionReasonCode = reasonCode;
        ExtensionProposedDeadline = proposedDeadline;
        ExtensionRequestedAt = now;
        StatusReportedAt = now;
        MoveTo(CaseStep.RequestExtension, State, now);
        Record(now, CaseHistoryKinds.ExtensionRequested, actor,
            $"Fristverlängerung beantragt ({reasonCode}) bis {GermanText.Date(proposedDeadline)}; geltende Frist {GermanText.Date(Deadline)}.");
        return new ExtensionRequested
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            ReasonCode = reasonCode,
            ProposedDeadline = proposedDeadline,
            RequestedAt = now,
        };
    }

    /// <summary>Staff report the hours as worked (all hours ordered are done); the report carries the total.</summary>
    public ReferralCompleted Complete(DateTimeOffset now, string actor, DateOnly completedOn)
    {
        Check(CaseStep.Complete);
        if (CompletionProblems(completedOn, HorizontTime.DayOf(now)).Count > 0)
            throw new InvalidOperationException($"Completion date for referral {ReferralId} breaks the rules.");
        CompletedOn = completedOn;
        CompletedAt = now;
        StatusReportedAt = now;
        ExtensionReasonCode = null;
        ExtensionProposedDeadline = null;
        ExtensionRequestedAt = null;
        MoveTo(CaseStep.Complete, Completed, now);
        Record(now, CaseHistoryKinds.Completed, actor,
            $"Erledigt am {GermanText.Date(completedOn)}: {GermanText.Hours(HoursCompleted)} von {GermanText.Hours(HoursOrdered)} Stunden geleistet.");
        return new ReferralCompleted
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            TotalHours = HoursCompleted,
            CompletedOn = completedOn,
            ReportedAt = now,
        };
    }

    /// <summary>
    /// The Jugendamt's amendment after a court decision. Applied in every state that has not ended: new hours
    /// and/or deadline, flags recomputed, and a reported case resumes where the work stood. In an ended
    /// state it is only recorded. Returns whether it was applied; the Jugendamt gets no answer to an amendment.
    /// </summary>
    public bool Amend(DateTimeOffset now, string senderAgencyId, Guid messageId, decimal? hoursOrdered, DateOnly? deadline, DateOnly courtDecisionDate)
    {
        var received = $"Änderung von {senderAgencyId} (Gerichtsentscheidung vom {GermanText.Date(courtDecisionDate)})";
        if (WhyNot(CaseStep.Amend) is not null)
        {
            Record(now, CaseHistoryKinds.AmendmentReceived, senderAgencyId,
                $"{received} erhalten; im Status „{StateLabel(State)}“ nicht angewendet, nichts geändert.", messageId);
            return false;
        }

        var changes = new List<string>();
        if (hoursOrdered is { } hours)
        {
            changes.Add($"Stunden {GermanText.Hours(HoursOrdered)} → {GermanText.Hours(hours)}");
            HoursOrdered = hours;
        }

        if (deadline is { } newDeadline)
        {
            changes.Add($"Frist {GermanText.Date(Deadline)} → {GermanText.Date(newDeadline)}");
            Deadline = newDeadline;
            if (ExtensionProposedDeadline is not null)
            {
                changes.Add("beantragte Fristverlängerung damit beschieden");
                ExtensionReasonCode = null;
                ExtensionProposedDeadline = null;
                ExtensionRequestedAt = null;
            }
        }

        LastCourtDecisionDate = courtDecisionDate;
        AmendedAt = now;
        var to = State == CaseState.NonComplianceReported ? WhereTheWorkStands() : State;
        if (State == CaseState.NonComplianceReported && to == Accepted)
            IntakeMissedCount = 0; // the court gave a new chance: the intake rule counts afresh (the history keeps the misses)
        if (to != State)
            changes.Add($"Fall wieder „{StateLabel(to)}“");
        MoveTo(CaseStep.Amend, to, now);
        Record(now, CaseHistoryKinds.AmendmentReceived, senderAgencyId, $"{received}: {string.Join("; ", changes)}.", messageId);
        return true;
    }

    /// <summary>
    /// The Jugendamt's withdrawal. Ends every case that has not ended; a completed case stays completed
    /// (a withdrawal crossing the completion), an otherwise ended one stays as it is. Either way it returns the
    /// acknowledgement with the outcome (<see cref="WithdrawalOutcomeCodes"/>) and the case's state, so both sides end on the same one.
    /// </summary>
    public ReferralWithdrawalAcknowledged Withdraw(DateTimeOffset now, string senderAgencyId, Guid messageId, string reasonCode, DateOnly effectiveDate)
    {
        var received = $"Beendigung von {senderAgencyId} ({reasonCode}, wirksam zum {GermanText.Date(effectiveDate)})";
        if (WhyNot(CaseStep.Withdraw) is not null)
        {
            var completed = CompletedOn is not null;
            Record(now, CaseHistoryKinds.WithdrawalReceived, senderAgencyId, completed
                ? $"{received} erhalten: Der Fall war bereits erledigt und bleibt erledigt."
                : $"{received} erhalten: Der Fall war bereits beendet („{StateLabel(State)}“); nichts geändert.", messageId);
            return WithdrawalAcknowledgement(completed ? WithdrawalOutcomeCodes.AlreadyCompleted : WithdrawalOutcomeCodes.AlreadyEnded, effectiveDate, now);
        }

        WithdrawalReasonCode = reasonCode;
        WithdrawalEffectiveDate = effectiveDate;
        WithdrawnAt = now;
        ExtensionReasonCode = null;
        ExtensionProposedDeadline = null;
        ExtensionRequestedAt = null;
        MoveTo(CaseStep.Withdraw, Withdrawn, now);
        Record(now, CaseHistoryKinds.WithdrawalReceived, senderAgencyId, $"{received}: Fall beendet ohne Erfüllung.", messageId);
        return WithdrawalAcknowledgement(WithdrawalOutcomeCodes.Withdrawn, effectiveDate, now);
    }

    /// <summary>
    /// Recomputes the flags as of <paramref name="now"/> (time alone can set them: half the period gone, deadline
    /// passed). When they changed, the change raises the version like every other change, is written to the
    /// history, and the returned message tells the Jugendamt now, not only with the next hours report; otherwise null.
    /// </summary>
    public CaseFlagsChanged? ReviewFlags(DateTimeOffset now)
    {
        var before = (AtRisk, Overdue);
        RefreshFlags(now);
        if (before == (AtRisk, Overdue))
            return null;
        Version++;
        Record(now, CaseHistoryKinds.FlagsChanged, "horizont",
            Flags.Count == 0 ? "Hinweise aufgehoben." : $"Hinweise {string.Join(", ", Flags)} gesetzt (Zeitablauf).");
        return new CaseFlagsChanged
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            Flags = Flags,
            HoursCompleted = HoursCompleted,
            ChangedAt = now,
        };
    }

    private IntakeMeetingRecorded IntakeMeeting(string outcome, DateOnly meetingDate, DateTimeOffset? nextAppointment, DateTimeOffset now) =>
        new()
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            Outcome = outcome,
            MeetingDate = meetingDate,
            NextAppointment = nextAppointment,
            RecordedAt = now,
        };

    private ReferralWithdrawalAcknowledged WithdrawalAcknowledgement(string outcome, DateOnly effectiveDate, DateTimeOffset now) =>
        new()
        {
            ReferralId = ReferralId,
            SenderAgencyId = ProviderId,
            ReceiverAgencyId = JugendamtId,
            Outcome = outcome,
            CaseState = State.ToString(),
            EffectiveDate = effectiveDate,
            AcknowledgedAt = now,
        };
}
