using Horizont.Messages;

namespace Horizont.Hosting.Validation;

/// <summary>
/// The contract of the providers' events, checked the same way on both sides: the provider runs it on every event before
/// it goes into the outbox (a breach there is a bug, never a partner's problem), and the Jugendamt's consumers run it on
/// every event they receive. Dates are judged against the event's own time stamp (German day), so both sides agree.
/// </summary>
public static class EventContracts
{
    public static ContractErrors Check(ReferralAccepted m)
    {
        var errors = new ContractErrors();
        errors.Required("acceptedAt", m.AcceptedAt);
        return errors;
    }

    public static ContractErrors Check(ReferralDeclined m)
    {
        var errors = new ContractErrors();
        errors.Code("reasonCode", m.ReasonCode, DeclineReasonCodes.All);
        errors.Text("note", m.Note, ReferralLimits.MaxNoteLength, lineBreaks: true);
        errors.Required("declinedAt", m.DeclinedAt);
        return errors;
    }

    public static ContractErrors Check(IntakeMeetingRecorded m)
    {
        var errors = new ContractErrors();
        errors.Code("outcome", m.Outcome, IntakeOutcomeCodes.All);
        if (DayOf(errors, "recordedAt", m.RecordedAt) is { } day)
        {
            if (errors.Required("meetingDate", m.MeetingDate))
                errors.DateWithin("meetingDate", m.MeetingDate, ReferralLimits.EarliestEventDate(day), ReferralLimits.LatestDeadline(day));
            if (m.NextAppointment is { } next)
                errors.DateWithin("nextAppointment", HorizontTime.DayOf(next), ReferralLimits.EarliestEventDate(day), ReferralLimits.LatestDeadline(day));
        }

        return errors;
    }

    public static ContractErrors Check(PlacementArranged m)
    {
        var errors = new ContractErrors();
        errors.Code("category", m.Category, PlacementCategoryCodes.All);
        if (DayOf(errors, "arrangedAt", m.ArrangedAt) is { } day && errors.Required("startDate", m.StartDate))
            errors.DateWithin("startDate", m.StartDate, ReferralLimits.EarliestEventDate(day), ReferralLimits.LatestDeadline(day));
        return errors;
    }

    public static ContractErrors Check(HoursReported m)
    {
        var errors = new ContractErrors();
        errors.NotNegative("hoursCompleted", m.HoursCompleted);
        errors.Codes("flags", m.Flags, CaseFlagCodes.All);
        if (DayOf(errors, "reportedAt", m.ReportedAt) is { } day && m.LastShiftDate is { } shift)
            errors.DateWithin("lastShiftDate", shift, ReferralLimits.EarliestEventDate(day), day);
        return errors;
    }

    public static ContractErrors Check(NonComplianceReported m)
    {
        var errors = new ContractErrors();
        errors.Code("reasonCode", m.ReasonCode, NonComplianceReasonCodes.All);
        errors.Text("recommendation", m.Recommendation, ReferralLimits.MaxNoteLength, lineBreaks: true);
        errors.NotNegative("hoursCompleted", m.HoursCompleted);
        if (DayOf(errors, "reportedAt", m.ReportedAt) is { } day)
        {
            var reminded = m.RemindedOn ?? [];
            for (var i = 0; i < reminded.Count; i++)
                errors.DateWithin($"remindedOn[{i}]", reminded[i], ReferralLimits.EarliestEventDate(day), day);
        }

        return errors;
    }

    public static ContractErrors Check(ExtensionRequested m)
    {
        var errors = new ContractErrors();
        errors.Code("reasonCode", m.ReasonCode, ExtensionReasonCodes.All);
        if (DayOf(errors, "requestedAt", m.RequestedAt) is { } day && errors.Required("proposedDeadline", m.ProposedDeadline))
            errors.DateWithin("proposedDeadline", m.ProposedDeadline, day, ReferralLimits.LatestDeadline(day));
        return errors;
    }

    public static ContractErrors Check(ReferralCompleted m)
    {
        var errors = new ContractErrors();
        errors.NotNegative("totalHours", m.TotalHours);
        if (DayOf(errors, "reportedAt", m.ReportedAt) is { } day && errors.Required("completedOn", m.CompletedOn))
            errors.DateWithin("completedOn", m.CompletedOn, ReferralLimits.EarliestEventDate(day), day);
        return errors;
    }

    public static ContractErrors Check(ReferralWithdrawalAcknowledged m)
    {
        var errors = new ContractErrors();
        errors.Code("outcome", m.Outcome, WithdrawalOutcomeCodes.All);
        errors.Text("caseState", m.CaseState, 32, required: true);
        if (DayOf(errors, "acknowledgedAt", m.AcknowledgedAt) is { } day && errors.Required("effectiveDate", m.EffectiveDate))
            errors.DateWithin("effectiveDate", m.EffectiveDate, ReferralLimits.EarliestEventDate(day), ReferralLimits.LatestDeadline(day));
        return errors;
    }

    public static ContractErrors Check(CaseFlagsChanged m)
    {
        var errors = new ContractErrors();
        errors.Codes("flags", m.Flags, CaseFlagCodes.All);
        errors.NotNegative("hoursCompleted", m.HoursCompleted);
        errors.Required("changedAt", m.ChangedAt);
        return errors;
    }

    public static ContractErrors Check(ReferralErased m)
    {
        var errors = new ContractErrors();
        errors.Code("outcome", m.Outcome, ErasureOutcomeCodes.All);
        errors.Text("caseState", m.CaseState, 32, required: true);
        errors.Required("erasedAt", m.ErasedAt);
        return errors;
    }

    public static ContractErrors Check(ReferralRefused m)
    {
        var errors = new ContractErrors();
        errors.Code("reasonCode", m.ReasonCode, RefusalReasonCodes.All);
        errors.Text("refusedMessageType", m.RefusedMessageType, 64, required: true);
        errors.Required("refusedMessageId", m.RefusedMessageId);
        errors.Text("reason", m.Reason, ReferralLimits.MaxReasonLength, required: true);
        var fields = m.Fields ?? [];
        for (var i = 0; i < fields.Count; i++)
            errors.Text($"fields[{i}]", fields[i], 100, required: true);
        errors.Required("refusedAt", m.RefusedAt);
        return errors;
    }

    /// <summary>The German day of the event's time stamp, or null (with an error) when it is missing.</summary>
    private static DateOnly? DayOf(ContractErrors errors, string field, DateTimeOffset stamp) =>
        errors.Required(field, stamp) ? HorizontTime.DayOf(stamp) : null;
}
