using Horizont.Hosting.Validation;
using Horizont.Jugendamt.Intake;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

/// <summary>
/// A referral the intake accepts is exactly one the provider accepts: the intake's validator and the shared contract
/// (<see cref="CommandContracts"/>, which the provider's consumer runs) give the same verdict over one table of inputs,
/// and the intake reaches it by its own German rules, not by the contract guard at its end.
/// </summary>
public sealed class ContractParityTests
{
    private static readonly TestIntake Intake = new();

    private static SubmitReferral Valid()
    {
        var (message, errors) = Intake.Json(TestReferrals.Json());
        Assert.False(errors.Any, string.Join(" | ", errors.Lines()));
        return message!;
    }

    private static SubmitReferral Young(Func<YoungPerson, YoungPerson> change)
    {
        var valid = Valid();
        return valid with { YoungPerson = change(valid.YoungPerson!) };
    }

    public static TheoryData<string, Func<SubmitReferral>> Inputs() => new()
    {
        { "valid", Valid },
        { "dateOfBirth 0001-01-01", () => Young(y => y with { DateOfBirth = new DateOnly(1, 1, 1) }) },
        { "13 years old", () => Young(y => y with { DateOfBirth = new DateOnly(2013, 12, 2) }) },
        { "14 years old with guardian", () => Young(y => y with { DateOfBirth = new DateOnly(2012, 12, 1), Guardian = new Guardian { Name = "Maria Beispielfrau" } }) },
        { "minor without guardian", () => Young(y => y with { DateOfBirth = new DateOnly(2010, 5, 2) }) },
        { "25 years old", () => Young(y => y with { DateOfBirth = new DateOnly(2001, 1, 1) }) },
        { "26 years old", () => Young(y => y with { DateOfBirth = new DateOnly(2000, 1, 1) }) },
        { "born in the future", () => Young(y => y with { DateOfBirth = new DateOnly(2027, 1, 1) }) },
        { "deadline 9999-12-31", () => Valid() with { Deadline = new DateOnly(9999, 12, 31) } },
        { "deadline yesterday", () => Valid() with { Deadline = new DateOnly(2026, 11, 30) } },
        { "deadline three years ahead", () => Valid() with { Deadline = new DateOnly(2029, 12, 1) } },
        { "deadline a day beyond three years", () => Valid() with { Deadline = new DateOnly(2029, 12, 2) } },
        { "hours 0", () => Valid() with { HoursOrdered = 0 } },
        { "hours 300", () => Valid() with { HoursOrdered = 300 } },
        { "hours 300.5", () => Valid() with { HoursOrdered = 300.5m } },
        { "NUL in given name", () => Young(y => y with { GivenName = "Le\u0000na" }) },
        { "RLO in family name", () => Young(y => y with { FamilyName = "Beispiel\u202Efrau" }) },
        { "LRI in address", () => Young(y => y with { Address = "Musterweg \u20661, Nordhausen" }) },
        { "zero-width space in phone", () => Young(y => y with { Phone = "+49\u200B3631" }) },
        { "ESC in file reference", () => Valid() with { FileReference = "JGH-\u001b[2J" } },
        { "line break in caseworker name", () => Valid() with { Caseworker = Valid().Caseworker! with { Name = "Petra\nSachbearbeiterin" } } },
        { "tab in note", () => Valid() with { Note = "Vormittags\tSchule" } },
        { "line break in note", () => Valid() with { Note = "Vormittags Schule.\nNachmittags frei." } },
        { "formula in note", () => Valid() with { Note = "=HYPERLINK(\"http://example.org\")" } },
        { "file reference of 101 characters", () => Valid() with { FileReference = new string('J', 101) } },
        { "note of 501 characters", () => Valid() with { Note = new string('n', 501) } },
        { "name of 201 characters", () => Young(y => y with { GivenName = new string('L', 201) }) },
        { "unknown legal basis", () => Valid() with { LegalBasis = "JGG_99" } },
        { "unknown work constraint", () => Valid() with { WorkConstraints = ["BORED"] } },
        { "invalid e-mail", () => Young(y => y with { Email = "lena at example" }) },
        { "guardian without name", () => Young(y => y with { Guardian = new Guardian { Name = "", Phone = "+49 3631 1" } }) },
        { "caseworker without name", () => Valid() with { Caseworker = Valid().Caseworker! with { Name = " " } } },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_intake_and_the_contract_give_the_same_verdict(string input, Func<SubmitReferral> make)
    {
        var message = make();
        var errors = new FieldErrors();

        var accepted = Intake.Validator.Validate(DraftOf(message), errors);
        var contract = CommandContracts.Check(message);

        Assert.True(contract.Any == errors.Any,
            $"{input}: contract {(contract.Any ? "refuses" : "accepts")} ({string.Join("; ", contract.All.Select(e => e.Error))}), intake {(errors.Any ? "refuses" : "accepts")} ({string.Join(" | ", errors.Lines())})");
        Assert.Equal(errors.Any, accepted is null);
        Assert.DoesNotContain(errors.Lines(), l => l.Contains(ReferralValidator.ContractFallback, StringComparison.Ordinal));
        if (accepted is not null)
            Assert.False(CommandContracts.Check(accepted).Any, $"{input}: the message the intake builds breaks the contract");
        foreach (var line in errors.Lines())
        {
            Assert.DoesNotContain(TestReferrals.FamilyName, line, StringComparison.Ordinal);
            Assert.DoesNotContain("JGG_99", line, StringComparison.Ordinal);
            Assert.DoesNotContain("BORED", line, StringComparison.Ordinal);
        }
    }

    private static ReferralDraft DraftOf(SubmitReferral m) => new()
    {
        DerivedReferralId = m.ReferralId,
        ReferralId = m.ReferralId,
        JugendamtId = m.SenderAgencyId,
        ProviderId = m.ReceiverAgencyId,
        FileReference = m.FileReference,
        LegalBasis = m.LegalBasis,
        HoursOrdered = m.HoursOrdered,
        Deadline = m.Deadline,
        ConsequencesExplained = m.ConsequencesExplained,
        HasYoungPerson = m.YoungPerson is not null,
        GivenName = m.YoungPerson?.GivenName,
        FamilyName = m.YoungPerson?.FamilyName,
        DateOfBirth = m.YoungPerson?.DateOfBirth,
        Phone = m.YoungPerson?.Phone,
        Email = m.YoungPerson?.Email,
        Address = m.YoungPerson?.Address,
        HasGuardian = m.YoungPerson?.Guardian is not null,
        GuardianName = m.YoungPerson?.Guardian?.Name,
        GuardianPhone = m.YoungPerson?.Guardian?.Phone,
        WorkConstraints = m.WorkConstraints ?? [],
        Note = m.Note,
        HasCaseworker = m.Caseworker is not null,
        CaseworkerName = m.Caseworker?.Name,
        CaseworkerPhone = m.Caseworker?.Phone,
        CaseworkerEmail = m.Caseworker?.Email,
    };
}
