using Horizont.Hosting;
using System.Text.Json;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Reads one referral from JSON (an intake file or a request body) into a <see cref="ReferralDraft"/>.
/// Strict about shape: unknown or repeated fields and values of the wrong type are errors, each
/// named by its wire path; the values themselves are never repeated in a message.
/// </summary>
internal static class ReferralJsonReader
{
    private static readonly string[] TopLevel =
    [
        "referralId", "jugendamtId", "providerId", "fileReference", "legalBasis", "hoursOrdered", "deadline",
        "consequencesExplained", "youngPerson", "workConstraints", "note", "caseworker",
    ];

    private static readonly string[] YoungPersonFields = ["givenName", "familyName", "dateOfBirth", "phone", "email", "address", "guardian"];
    private static readonly string[] GuardianFields = ["name", "phone"];
    private static readonly string[] ContactFields = ["name", "phone", "email"];

    /// <summary>Reads <paramref name="content"/>; null (with errors under <c>$</c>) when it is not one JSON object.</summary>
    public static ReferralDraft? Read(ReadOnlyMemory<byte> content, FieldErrors errors) =>
        IntakeJson.Read(content, errors, "Zuweisung", (root, bytes) => ReadReferral(root, DerivedId.Of(bytes.Span), errors));

    /// <summary>A referral from a parsed JSON object; <paramref name="derivedId"/> is used when it names no <c>referralId</c>.</summary>
    public static ReferralDraft ReadReferral(JsonElement root, Guid derivedId, FieldErrors errors)
    {
        var top = new JsonObjectReader(root, "", TopLevel, errors);
        var draft = new ReferralDraft
        {
            DerivedReferralId = derivedId,
            ReferralId = top.Guid("referralId"),
            JugendamtId = top.String("jugendamtId"),
            ProviderId = top.String("providerId"),
            FileReference = top.String("fileReference"),
            LegalBasis = top.String("legalBasis"),
            HoursOrdered = top.Number("hoursOrdered"),
            Deadline = top.Date("deadline"),
            ConsequencesExplained = top.Boolean("consequencesExplained"),
            WorkConstraints = top.Strings("workConstraints"),
            Note = top.String("note"),
        };

        var youngPerson = top.Object("youngPerson", YoungPersonFields);
        draft.HasYoungPerson = youngPerson is not null || top.HasError("youngPerson");
        if (youngPerson is not null)
        {
            draft.GivenName = youngPerson.String("givenName");
            draft.FamilyName = youngPerson.String("familyName");
            draft.DateOfBirth = youngPerson.Date("dateOfBirth");
            draft.Phone = youngPerson.String("phone");
            draft.Email = youngPerson.String("email");
            draft.Address = youngPerson.String("address");
            var guardian = youngPerson.Object("guardian", GuardianFields);
            draft.HasGuardian = guardian is not null || youngPerson.HasError("guardian");
            if (guardian is not null)
            {
                draft.GuardianName = guardian.String("name");
                draft.GuardianPhone = guardian.String("phone");
            }
        }

        var caseworker = top.Object("caseworker", ContactFields);
        draft.HasCaseworker = caseworker is not null || top.HasError("caseworker");
        if (caseworker is not null)
        {
            draft.CaseworkerName = caseworker.String("name");
            draft.CaseworkerPhone = caseworker.String("phone");
            draft.CaseworkerEmail = caseworker.String("email");
        }

        return draft;
    }
}
