using Horizont.Hosting;
using System.Text.Json;
using Horizont.Hosting.Validation;

namespace Horizont.Jugendamt.Intake;

/// <summary>
/// Reads an amendment or a withdrawal from JSON: a request body (exactly the body fields; the referral id
/// comes from the route) or an intake file (<c>type</c> and <c>referralId</c> as well). As strict as
/// <see cref="ReferralJsonReader"/>: unknown or repeated fields and values of the wrong type are errors.
/// </summary>
internal static class ReferralChangeJsonReader
{
    /// <summary>A request body for the referral <paramref name="referralId"/> named in the route.</summary>
    public static ReferralChangeDraft? ReadBody(ReadOnlyMemory<byte> content, ReferralChangeKind kind, Guid referralId, FieldErrors errors) =>
        IntakeJson.Read(content, errors, ReferralChangeFields.Noun(kind), (root, _) =>
        {
            var draft = ReadFields(new JsonObjectReader(root, "", ReferralChangeFields.BodyFields(kind), errors), kind);
            draft.ReferralId = referralId;
            return draft;
        });

    /// <summary>An intake file's object, whose <c>type</c> said <paramref name="kind"/>.</summary>
    public static ReferralChangeDraft ReadFile(JsonElement root, ReferralChangeKind kind, FieldErrors errors)
    {
        string[] known = [ReferralChangeFields.Type, ReferralChangeFields.ReferralId, .. ReferralChangeFields.BodyFields(kind)];
        var fields = new JsonObjectReader(root, "", known, errors);
        var draft = ReadFields(fields, kind);
        draft.ReferralId = fields.Guid(ReferralChangeFields.ReferralId);
        return draft;
    }

    private static ReferralChangeDraft ReadFields(JsonObjectReader fields, ReferralChangeKind kind) => kind == ReferralChangeKind.Amendment
        ? new ReferralChangeDraft
        {
            Kind = kind,
            HoursOrdered = fields.Number(ReferralChangeFields.HoursOrdered),
            Deadline = fields.Date(ReferralChangeFields.Deadline),
            CourtDecisionDate = fields.Date(ReferralChangeFields.CourtDecisionDate),
        }
        : new ReferralChangeDraft
        {
            Kind = kind,
            ReasonCode = fields.String(ReferralChangeFields.ReasonCode),
            EffectiveDate = fields.Date(ReferralChangeFields.EffectiveDate),
        };
}

/// <summary>
/// Reads a JSON intake file: a referral, or, with a top-level <c>"type": "amendment"</c> or
/// <c>"withdrawal"</c>, a change to one already handed over.
/// </summary>
internal static class IntakeJsonFileReader
{
    public static IntakeDraft? Read(ReadOnlyMemory<byte> content, FieldErrors errors) =>
        IntakeJson.Read<IntakeDraft>(content, errors, "Zuweisung, Änderung oder Beendigung", (root, bytes) =>
        {
            if (!root.TryGetProperty(ReferralChangeFields.Type, out var type))
                return ReferralJsonReader.ReadReferral(root, DerivedId.Of(bytes.Span), errors);

            switch (type.ValueKind == JsonValueKind.String ? type.GetString() : null)
            {
                case ReferralChangeFields.AmendmentType:
                    return ReferralChangeJsonReader.ReadFile(root, ReferralChangeKind.Amendment, errors);
                case ReferralChangeFields.WithdrawalType:
                    return ReferralChangeJsonReader.ReadFile(root, ReferralChangeKind.Withdrawal, errors);
                default:
                    var given = type.ValueKind == JsonValueKind.String ? "Unbekannter Wert" : "Erwartet wird ein Text";
                    errors.Add(ReferralChangeFields.Type, $"{given}. Erlaubt: {string.Join(", ", ReferralChangeFields.Types)}; für eine Zuweisung type weglassen.");
                    return null;
            }
        });
}
