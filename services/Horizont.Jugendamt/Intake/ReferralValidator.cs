using System.Globalization;
using System.Net.Mail;
using Horizont.Hosting;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Options;
using Horizont.Messages;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Every rule a referral must meet before it is handed over, whatever channel it came by (JSON file,
/// CSV row, request body): the contract of <see cref="SubmitReferral"/> that the provider checks too
/// (<see cref="CommandContracts"/>, limits from <see cref="ReferralLimits"/>), in German, plus what only the
/// Jugendamt knows (this agency, the partner directory). Messages name the wire field and the rule; they never
/// repeat the value that was entered.
/// </summary>
internal sealed class ReferralValidator(PartnerDirectory partners, JugendamtAgency agency, TimeProvider time)
{
    /// <summary>The start of the message that reports a contract breach no German rule caught (a rule missing here).</summary>
    public const string ContractFallback = "Wird vom Träger nicht angenommen (Regel der Schnittstelle):";

    /// <summary>The message to hand over, or null when <paramref name="errors"/> holds at least one error.</summary>
    public SubmitReferral? Validate(ReferralDraft draft, FieldErrors errors)
    {
        var now = time.GetUtcNow();
        var today = HorizontTime.DayOf(now);

        IntakeRules.NotEmptyId(errors, ReferralFields.ReferralId, draft.ReferralId);

        if (IntakeRules.Require(errors, ReferralFields.JugendamtId, draft.JugendamtId) && draft.JugendamtId!.Trim() != agency.Id)
            errors.Add(ReferralFields.JugendamtId, $"Die Zuweisung ist an ein anderes Jugendamt gerichtet; hier ist '{agency.Id}'.");

        if (IntakeRules.Require(errors, ReferralFields.ProviderId, draft.ProviderId) && partners.Find(draft.ProviderId!.Trim(), AgencyKind.Provider) is null)
        {
            var known = string.Join(", ", partners.OfKind(AgencyKind.Provider).Select(p => p.Id).Order(StringComparer.Ordinal));
            errors.Add(ReferralFields.ProviderId, $"Unbekannter Träger (nicht im Partnerverzeichnis). Bekannt: {known}.");
        }

        IntakeRules.Text(errors, ReferralFields.FileReference, draft.FileReference, ReferralLimits.MaxFileReferenceLength, required: true);
        IntakeRules.Code(errors, ReferralFields.LegalBasis, draft.LegalBasis?.Trim(), LegalBasisCodes.All);

        if (IntakeRules.Present(errors, ReferralFields.HoursOrdered, draft.HoursOrdered))
            IntakeRules.Hours(errors, ReferralFields.HoursOrdered, draft.HoursOrdered!.Value);

        if (IntakeRules.Present(errors, ReferralFields.Deadline, draft.Deadline))
            IntakeRules.Deadline(errors, ReferralFields.Deadline, draft.Deadline!.Value, today);

        IntakeRules.Present(errors, ReferralFields.ConsequencesExplained, draft.ConsequencesExplained);

        if (!draft.HasYoungPerson)
        {
            errors.Add(ReferralFields.YoungPerson, "Pflichtfeld fehlt.");
        }
        else if (!errors.All.ContainsKey(ReferralFields.YoungPerson))
        {
            Name(errors, ReferralFields.GivenName, draft.GivenName);
            Name(errors, ReferralFields.FamilyName, draft.FamilyName);
            if (IntakeRules.Present(errors, ReferralFields.DateOfBirth, draft.DateOfBirth) && !ReferralLimits.IsPlausibleDateOfBirth(draft.DateOfBirth!.Value, today))
            {
                errors.Add(ReferralFields.DateOfBirth, string.Create(CultureInfo.InvariantCulture,
                    $"Das Geburtsdatum passt nicht zum Alter für Jugendgerichtshilfe ({ReferralLimits.MinAgeYears} bis {ReferralLimits.MaxAgeYears} Jahre am Tag der Zuweisung)."));
            }

            IntakeRules.Text(errors, ReferralFields.Phone, draft.Phone, ReferralLimits.MaxPhoneLength);
            Email(errors, ReferralFields.Email, draft.Email);
            IntakeRules.Text(errors, ReferralFields.Address, draft.Address, ReferralLimits.MaxAddressLength);

            if (errors.All.ContainsKey(ReferralFields.Guardian))
            {
                // Not an object: already reported.
            }
            else if (draft.HasGuardian)
            {
                Name(errors, ReferralFields.GuardianName, draft.GuardianName);
                IntakeRules.Text(errors, ReferralFields.GuardianPhone, draft.GuardianPhone, ReferralLimits.MaxPhoneLength);
            }
            else if (draft.DateOfBirth is { } born && ReferralLimits.IsPlausibleDateOfBirth(born, today) && ReferralLimits.AgeOn(born, today) < 18)
            {
                errors.Add(ReferralFields.Guardian, "Für Minderjährige (unter 18 Jahren) ist eine erziehungsberechtigte Person anzugeben (Name, möglichst Telefon).");
            }
        }

        var constraints = new List<string>();
        for (var i = 0; i < draft.WorkConstraints.Count; i++)
        {
            var code = draft.WorkConstraints[i].Trim();
            if (IntakeRules.Code(errors, string.Create(CultureInfo.InvariantCulture, $"{ReferralFields.WorkConstraints}[{i}]"), code, WorkConstraintCodes.All)
                && !constraints.Contains(code))
            {
                constraints.Add(code);
            }
        }

        IntakeRules.Text(errors, ReferralFields.Note, draft.Note, ReferralLimits.MaxNoteLength, lineBreaks: true);

        if (!draft.HasCaseworker)
        {
            errors.Add(ReferralFields.Caseworker, "Pflichtfeld fehlt.");
        }
        else if (!errors.All.ContainsKey(ReferralFields.Caseworker))
        {
            Name(errors, ReferralFields.CaseworkerName, draft.CaseworkerName);
            IntakeRules.Text(errors, ReferralFields.CaseworkerPhone, draft.CaseworkerPhone, ReferralLimits.MaxPhoneLength);
            Email(errors, ReferralFields.CaseworkerEmail, draft.CaseworkerEmail);
        }

        if (errors.Any)
            return null;

        var message = Build(draft, constraints, now);

        // The provider checks the same contract; what it would refuse is refused here. Each rule above mirrors one of
        // the contract's, so this catches only a rule missing here (ContractParityTests keeps it from happening).
        foreach (var (field, rule) in CommandContracts.Check(message).All)
            errors.Add(field, $"{ContractFallback} {rule}.");
        return errors.Any ? null : message;
    }

    private SubmitReferral Build(ReferralDraft draft, List<string> constraints, DateTimeOffset now)
    {
        var providerId = draft.ProviderId!.Trim();
        return new SubmitReferral
        {
            ReferralId = draft.ReferralId ?? draft.DerivedReferralId,
            SenderAgencyId = agency.Id,
            ReceiverAgencyId = providerId,
            FileReference = draft.FileReference!.Trim(),
            YoungPerson = new YoungPerson
            {
                GivenName = draft.GivenName!.Trim(),
                FamilyName = draft.FamilyName!.Trim(),
                DateOfBirth = draft.DateOfBirth!.Value,
                Phone = Optional(draft.Phone),
                Email = Optional(draft.Email),
                Address = Optional(draft.Address),
                Guardian = draft.HasGuardian ? new Guardian { Name = draft.GuardianName!.Trim(), Phone = Optional(draft.GuardianPhone) } : null,
            },
            LegalBasis = draft.LegalBasis!.Trim(),
            HoursOrdered = draft.HoursOrdered!.Value,
            Deadline = draft.Deadline!.Value,
            ConsequencesExplained = draft.ConsequencesExplained!.Value,
            WorkConstraints = constraints,
            Note = Optional(draft.Note),
            Caseworker = new ContactPerson
            {
                Name = draft.CaseworkerName!.Trim(),
                Phone = Optional(draft.CaseworkerPhone),
                Email = Optional(draft.CaseworkerEmail),
            },
            SubmittedAt = now,
        };
    }

    private static void Name(FieldErrors errors, string field, string? value) =>
        IntakeRules.Text(errors, field, value, ReferralLimits.MaxNameLength, required: true);

    private static void Email(FieldErrors errors, string field, string? value)
    {
        if (!IntakeRules.Text(errors, field, value, ReferralLimits.MaxEmailLength))
            return;
        var trimmed = value!.Trim();
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed)
            errors.Add(field, "Keine gültige E-Mail-Adresse.");
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
