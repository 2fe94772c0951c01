using Horizont.Messages;

namespace Horizont.Hosting.Validation;

/// <summary>
/// The contract of the Jugendamt's commands, checked the same way on both sides: the Jugendamt runs it on every command
/// before it goes into the outbox, and the provider's consumers run it on every command they receive. Days are judged
/// on the day the message was made (German time), so both sides come to the same answer whenever it arrives.
/// </summary>
public static class CommandContracts
{
    public static ContractErrors Check(SubmitReferral m)
    {
        var errors = new ContractErrors();
        var day = m.SubmittedAt == default ? (DateOnly?)null : HorizontTime.DayOf(m.SubmittedAt);
        errors.Required("submittedAt", m.SubmittedAt);
        errors.Text("fileReference", m.FileReference, ReferralLimits.MaxFileReferenceLength, required: true);

        if (m.YoungPerson is not { } young)
        {
            errors.Add("youngPerson", "youngPerson is missing");
        }
        else
        {
            errors.Text("youngPerson.givenName", young.GivenName, ReferralLimits.MaxNameLength, required: true);
            errors.Text("youngPerson.familyName", young.FamilyName, ReferralLimits.MaxNameLength, required: true);
            if (errors.Required("youngPerson.dateOfBirth", young.DateOfBirth) && day is { } today)
            {
                if (!ReferralLimits.IsPlausibleDateOfBirth(young.DateOfBirth, today))
                {
                    errors.Add("youngPerson.dateOfBirth",
                        $"youngPerson.dateOfBirth does not fit an age of {ReferralLimits.MinAgeYears} to {ReferralLimits.MaxAgeYears} years on the day of the referral");
                }
                else if (ReferralLimits.AgeOn(young.DateOfBirth, today) < 18 && string.IsNullOrWhiteSpace(young.Guardian?.Name))
                {
                    errors.Add("youngPerson.guardian.name", "youngPerson.guardian.name is missing; the contract requires a guardian for a minor");
                }
            }

            errors.Text("youngPerson.phone", young.Phone, ReferralLimits.MaxPhoneLength);
            errors.Email("youngPerson.email", young.Email);
            errors.Text("youngPerson.address", young.Address, ReferralLimits.MaxAddressLength);
            if (young.Guardian is { } guardian)
            {
                errors.Text("youngPerson.guardian.name", guardian.Name, ReferralLimits.MaxNameLength, required: true);
                errors.Text("youngPerson.guardian.phone", guardian.Phone, ReferralLimits.MaxPhoneLength);
            }
        }

        errors.Code("legalBasis", m.LegalBasis, LegalBasisCodes.All);
        errors.Hours("hoursOrdered", m.HoursOrdered);
        if (errors.Required("deadline", m.Deadline) && day is { } submitted)
            errors.DateWithin("deadline", m.Deadline, submitted, ReferralLimits.LatestDeadline(submitted));

        var constraints = m.WorkConstraints ?? [];
        for (var i = 0; i < constraints.Count; i++)
            errors.Code($"workConstraints[{i}]", constraints[i], WorkConstraintCodes.All);
        errors.Text("note", m.Note, ReferralLimits.MaxNoteLength, lineBreaks: true);

        if (m.Caseworker is not { } caseworker)
        {
            errors.Add("caseworker", "caseworker is missing");
        }
        else
        {
            errors.Text("caseworker.name", caseworker.Name, ReferralLimits.MaxNameLength, required: true);
            errors.Text("caseworker.phone", caseworker.Phone, ReferralLimits.MaxPhoneLength);
            errors.Email("caseworker.email", caseworker.Email);
        }

        return errors;
    }

    public static ContractErrors Check(AmendReferral m)
    {
        var errors = new ContractErrors();
        if (m.HoursOrdered is null && m.Deadline is null)
            errors.Add("hoursOrdered", "neither hoursOrdered nor deadline is set; an amendment changes at least one");
        if (m.HoursOrdered is { } hours)
            errors.Hours("hoursOrdered", hours);
        var day = errors.Required("amendedAt", m.AmendedAt) ? HorizontTime.DayOf(m.AmendedAt) : (DateOnly?)null;
        if (m.Deadline is { } deadline && errors.Required("deadline", deadline) && day is { } amended)
            errors.DateWithin("deadline", deadline, amended, ReferralLimits.LatestDeadline(amended));
        if (errors.Required("courtDecisionDate", m.CourtDecisionDate) && day is { } today)
            errors.DateWithin("courtDecisionDate", m.CourtDecisionDate, ReferralLimits.EarliestEventDate(today), today);
        return errors;
    }

    public static ContractErrors Check(WithdrawReferral m)
    {
        var errors = new ContractErrors();
        errors.Code("reasonCode", m.ReasonCode, WithdrawalReasonCodes.All);
        var day = errors.Required("withdrawnAt", m.WithdrawnAt) ? HorizontTime.DayOf(m.WithdrawnAt) : (DateOnly?)null;
        if (errors.Required("effectiveDate", m.EffectiveDate) && day is { } today)
            errors.DateWithin("effectiveDate", m.EffectiveDate, ReferralLimits.EarliestEventDate(today), ReferralLimits.LatestDeadline(today));
        return errors;
    }

    public static ContractErrors Check(EraseReferral m)
    {
        var errors = new ContractErrors();
        errors.Required("requestedAt", m.RequestedAt);
        return errors;
    }
}
