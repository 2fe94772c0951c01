using System.Text;
using System.Text.Json.Nodes;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Options;
using Horizont.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>The intake's reader and validator without a host, on the default partner directory and a fake clock.</summary>
internal sealed class TestIntake
{
    public static readonly Partner[] Partners =
    [
        new() { Id = "ja-nordhausen", Name = "Jugendamt Nordhausen", Kind = AgencyKind.Jugendamt },
        new() { Id = "ja-kyffhaeuser", Name = "Jugendamt Kyffhäuserkreis", Kind = AgencyKind.Jugendamt },
        new() { Id = "horizont-ev", Name = "Horizont e.V.", Kind = AgencyKind.Provider },
        new() { Id = "brueckenbau-ev", Name = "Brückenbau e.V.", Kind = AgencyKind.Provider },
    ];

    public TestIntake(DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? TestReferrals.Now);
        Validator = new ReferralValidator(new PartnerDirectory(Partners), new JugendamtAgency("ja-nordhausen"), Time);
        ChangeValidator = new ReferralChangeValidator(Time);
    }

    public FakeTimeProvider Time { get; }

    public ReferralValidator Validator { get; }

    public ReferralChangeValidator ChangeValidator { get; }

    public (SubmitReferral? Message, FieldErrors Errors) Json(JsonNode json) => Json(TestReferrals.Bytes(json));

    public (SubmitReferral? Message, FieldErrors Errors) Json(string text) => Json(Encoding.UTF8.GetBytes(text));

    public (SubmitReferral? Message, FieldErrors Errors) Json(byte[] content)
    {
        var errors = new FieldErrors();
        var draft = ReferralJsonReader.Read(content, errors);
        return (draft is null ? null : Validator.Validate(draft, errors), errors);
    }

    /// <summary>A JSON intake file that holds an amendment or a withdrawal: the checked change, or the errors.</summary>
    internal (ValidChange? Change, FieldErrors Errors) ChangeFile(string text)
    {
        var errors = new FieldErrors();
        var draft = IntakeJsonFileReader.Read(Encoding.UTF8.GetBytes(text), errors);
        return (draft is ReferralChangeDraft change ? ChangeValidator.Validate(change, errors) : null, errors);
    }

    /// <summary>A CSV intake file of amendments or withdrawals: the file's errors and, per row, the checked change or the row's errors.</summary>
    internal (FieldErrors FileErrors, List<(int Row, ValidChange? Change, FieldErrors Errors)> Rows) ChangeCsv(string text)
    {
        var file = IntakeCsvReader.Read(Encoding.UTF8.GetBytes(text));
        var rows = file.Rows
            .Select(r => (r.Row, r.Draft is ReferralChangeDraft draft ? ChangeValidator.Validate(draft, r.Errors) : null, r.Errors))
            .ToList();
        return (file.FileErrors, rows);
    }

    /// <summary>The file's errors and, per data row, the message or the row's errors.</summary>
    public (FieldErrors FileErrors, List<(int Row, SubmitReferral? Message, FieldErrors Errors)> Rows) Csv(string text, bool byteOrderMark = false) =>
        Csv(byteOrderMark ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    public (FieldErrors FileErrors, List<(int Row, SubmitReferral? Message, FieldErrors Errors)> Rows) Csv(byte[] content)
    {
        var file = IntakeCsvReader.Read(content);
        var rows = file.Rows
            .Select(r => (r.Row, r.Draft is ReferralDraft draft ? Validator.Validate(draft, r.Errors) : null, r.Errors))
            .ToList();
        return (file.FileErrors, rows);
    }
}

internal static class FieldErrorsAssertions
{
    /// <summary>Asserts <paramref name="field"/> has an error containing <paramref name="fragment"/>; returns its messages.</summary>
    public static IReadOnlyList<string> AssertError(this FieldErrors errors, string field, string? fragment = null)
    {
        Assert.True(errors.All.ContainsKey(field), $"Expected an error on '{field}'; got: {string.Join(" | ", errors.Lines())}");
        var messages = errors.All[field];
        if (fragment is not null)
            Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        return messages;
    }
}
