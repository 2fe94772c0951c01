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
/// CSV row, request body). Messages are German and name the wire field; they never repeat the
/// personal data that was entered.
/// </summary>
internal sealed class ReferralValidator(PartnerDirectory partners, JugendamtAgency agency, TimeProvider time)
{
    public const int MaxNote = 500;
    private const int MaxName = 200;
    private const int MaxPhone = 50;
    private const int MaxEmail = 254;
    private const int MaxAddress = 300;
    private const int MaxFileReference = 100;

    /// <summary>The message to hand over, or null when <paramref name="errors"/> holds at least one error.</summary>
    public SubmitReferral? Validate(ReferralDraft draft, FieldErrors errors)
    {
        var today = time.Today();

        IntakeRules.NotEmptyId(errors, ReferralFields.ReferralId, draft.ReferralId);

        if (IntakeRules.Require(errors, ReferralFields.JugendamtId, draft.JugendamtId) && draft.JugendamtId!.Trim() != agency.Id)
        {
            errors.Add(ReferralFields.JugendamtId,
                $"Die Zuweisung ist an das Jugendamt '{FieldErrors.Shorten(draft.JugendamtId.Trim())}' gerichtet; hier ist '{agency.Id}'.");
        }

        if (IntakeRules.Require(errors, ReferralFields.ProviderId, draft.ProviderId) && partners.Find(draft.ProviderId!.Trim(), AgencyKind.Provider) is null)
        {
            var known = string.Join(", ", partners.OfKind(AgencyKind.Provider).Select(p => p.Id).Order(StringComparer.Ordinal));
            errors.Add(ReferralFields.ProviderId, $"Unbekannter Träger '{FieldErrors.Shorten(draft.ProviderId.Trim())}'. Bekannt: {known}.");
        }

        if (IntakeRules.Require(errors, ReferralFields.FileReference, draft.FileReference))
            errors.MaxLength(ReferralFields.FileReference, draft.FileReference!.Trim(), MaxFileReference);

        if (!errors.All.ContainsKey(ReferralFields.LegalBasis))
            errors.RequireCode(ReferralFields.LegalBasis, draft.LegalBasis?.Trim(), LegalBasisCodes.All);

        if (IntakeRules.Present(errors, ReferralFields.HoursOrdered, draft.HoursOrdered))
            IntakeRules.Hours(errors, ReferralFields.HoursOrdered, draft.HoursOrdered!.Value);

        if (IntakeRules.Present(errors, ReferralFields.Deadline, draft.Deadline))
            IntakeRules.NotPast(errors, ReferralFields.Deadline, draft.Deadline!.Value, today);

        IntakeRules.Present(errors, ReferralFields.ConsequencesExplained, draft.ConsequencesExplained);

        if (!draft.HasYoungPerson)
        {
            errors.Add(ReferralFields.YoungPerson, "Pflichtfeld fehlt.");
        }
        else if (!errors.All.ContainsKey(ReferralFields.YoungPerson))
        {
            Name(errors, ReferralFields.GivenName, draft.GivenName);
            Name(errors, ReferralFields.FamilyName, draft.FamilyName);
            if (IntakeRules.Present(errors, ReferralFields.DateOfBirth, draft.DateOfBirth) && draft.DateOfBirth >= today)
                errors.Add(ReferralFields.DateOfBirth, "Das Geburtsdatum muss vor dem heutigen Tag liegen.");
            errors.MaxLength(ReferralFields.Phone, draft.Phone?.Trim(), MaxPhone);
            Email(errors, ReferralFields.Email, draft.Email);
            errors.MaxLength(ReferralFields.Address, draft.Address?.Trim(), MaxAddress);

            if (errors.All.ContainsKey(ReferralFields.Guardian))
            {
                // Not an object: already reported.
            }
            else if (draft.HasGuardian)
            {
                Name(errors, ReferralFields.GuardianName, draft.GuardianName);
                errors.MaxLength(ReferralFields.GuardianPhone, draft.GuardianPhone?.Trim(), MaxPhone);
            }
            else if (draft.DateOfBirth is { } born && born < today && ReferralLimits.AgeOn(born, today) < 18)
            {
                errors.Add(ReferralFields.Guardian, "Für Minderjährige (unter 18 Jahren) ist eine erziehungsberechtigte Person anzugeben (Name, möglichst Telefon).");
            }
        }

        var constraints = new List<string>();
        for (var i = 0; i < draft.WorkConstraints.Count; i++)
        {
            var code = draft.WorkConstraints[i].Trim();
            if (errors.RequireCode(string.Create(CultureInfo.InvariantCulture, $"{ReferralFields.WorkConstraints}[{i}]"), code, WorkConstraintCodes.All)
                && !constraints.Contains(code))
            {
                constraints.Add(code);
            }
        }

        errors.MaxLength(ReferralFields.Note, draft.Note?.Trim(), MaxNote);

        if (!draft.HasCaseworker)
        {
            errors.Add(ReferralFields.Caseworker, "Pflichtfeld fehlt.");
        }
        else if (!errors.All.ContainsKey(ReferralFields.Caseworker))
        {
            Name(errors, ReferralFields.CaseworkerName, draft.CaseworkerName);
            errors.MaxLength(ReferralFields.CaseworkerPhone, draft.CaseworkerPhone?.Trim(), MaxPhone);
            Email(errors, ReferralFields.CaseworkerEmail, draft.CaseworkerEmail);
        }

        if (errors.Any)
            return null;

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
            SubmittedAt = time.GetUtcNow(),
        };
    }

    private static void Name(FieldErrors errors, string field, string? value)
    {
        if (IntakeRules.Require(errors, field, value))
            errors.MaxLength(field, value!.Trim(), MaxName);
    }

    private static void Email(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return;
        var trimmed = value.Trim();
        errors.MaxLength(field, trimmed, MaxEmail);
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed)
            errors.Add(field, "Keine gültige E-Mail-Adresse.");
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
