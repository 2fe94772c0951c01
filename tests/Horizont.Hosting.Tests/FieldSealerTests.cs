using System.Text.Json;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Messaging.Sealing;
using Horizont.Messages;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests;

/// <summary>The end-to-end sealing of personal fields (docs/security.md "Personal fields end to end"; docs/contracts.md "Sealed personal fields").</summary>
public sealed class FieldSealerTests : IDisposable
{
    private const string Jugendamt = "ja-nordhausen";
    private const string Provider = "horizont-ev";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "horizont-keys-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SealingOptions _options = new();
    private readonly PartnerKeyRing _keys;
    private readonly FieldSealer _sealer;

    public FieldSealerTests()
    {
        _keys = new PartnerKeyRing(_directory, () => _options.Keys);
        _sealer = new FieldSealer(_keys, new FixedOptions(_options));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_sealed_referral_carries_no_personal_field_in_clear_and_opens_to_what_was_sent()
    {
        _keys.Create(Jugendamt, Provider, Now);
        var referral = Referral();

        var wire = (SubmitReferral)_sealer.Seal(referral);
        var json = JsonSerializer.Serialize(wire);

        Assert.Null(wire.YoungPerson);
        Assert.Null(wire.Caseworker);
        Assert.Null(wire.Note);
        foreach (var personal in new[] { "Zephyrine", "Quastenflosser", "2008-03-14", "0151 2345678", "Ortrud", "Sachbearbeiterin", "Schule bis 15 Uhr", "JGH-2026-0815" })
            Assert.DoesNotContain(personal, json, StringComparison.Ordinal);
        Assert.Contains(LegalBasisCodes.Jgg15, json, StringComparison.Ordinal); // what is not personal stays readable
        Assert.Equal(SealedFields.CurrentScheme, wire.Sealed!.Scheme);

        var opened = _sealer.Open(wire);
        Assert.Null(opened.Sealed);
        Assert.Equal(referral.YoungPerson, opened.YoungPerson);
        Assert.Equal(referral.Caseworker, opened.Caseworker);
        Assert.Equal(referral.Note, opened.Note);
        Assert.Equal("JGH-2026-0815", opened.FileReference);
    }

    [Fact]
    public void Free_text_of_the_provider_is_sealed_too_and_messages_without_personal_fields_pass_unchanged()
    {
        _keys.Create(Jugendamt, Provider, Now);
        var declined = new ReferralDeclined
        {
            ReferralId = Guid.NewGuid(), SenderAgencyId = Provider, ReceiverAgencyId = Jugendamt, ReasonCode = DeclineReasonCodes.Other,
            Note = "Zephyrine war schon bei uns", DeclinedAt = Now,
        };
        var report = new NonComplianceReported
        {
            ReferralId = Guid.NewGuid(), SenderAgencyId = Provider, ReceiverAgencyId = Jugendamt, ReasonCode = NonComplianceReasonCodes.NoShow,
            Recommendation = "Gespräch mit Frau Quastenflosser", HoursCompleted = 3m, ReportedAt = Now,
        };

        var sealedDecline = (ReferralDeclined)_sealer.Seal(declined);
        var sealedReport = (NonComplianceReported)_sealer.Seal(report);

        Assert.Null(sealedDecline.Note);
        Assert.Null(sealedReport.Recommendation);
        Assert.Equal(declined, _sealer.Open(sealedDecline));
        Assert.Equal(report.Recommendation, _sealer.Open(sealedReport).Recommendation);
        var withoutNote = declined with { Note = null };
        Assert.Same(withoutNote, _sealer.Seal(withoutNote));
        var accepted = new ReferralAccepted { ReferralId = Guid.NewGuid(), SenderAgencyId = Provider, ReceiverAgencyId = Jugendamt, AcceptedAt = Now };
        Assert.Same(accepted, _sealer.Seal(accepted));
    }

    [Fact]
    public void Without_a_key_nothing_personal_is_sealed_or_sent_in_clear()
    {
        var error = Assert.Throws<SealingKeyMissingException>(() => _sealer.Seal(Referral()));

        Assert.Contains("horizont-ev+ja-nordhausen", error.Message, StringComparison.Ordinal);
        Assert.Contains("horizont-ops seal-keys create", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_rotation_the_new_key_seals_and_messages_sealed_with_the_old_one_still_open()
    {
        var old = _keys.Create(Jugendamt, Provider, Now);
        var inFlight = (SubmitReferral)_sealer.Seal(Referral());

        var rotated = _keys.Create(Jugendamt, Provider, Now.AddDays(90));
        var next = (SubmitReferral)_sealer.Seal(Referral());

        Assert.Equal(old.Id, inFlight.Sealed!.KeyId);
        Assert.Equal(rotated.Id, next.Sealed!.KeyId);
        Assert.Equal(Zephyrine, _sealer.Open(inFlight).YoungPerson!.GivenName);
        Assert.Equal(Zephyrine, _sealer.Open(next).YoungPerson!.GivenName);
        // The same pair seen from the provider's side: one key set for both directions.
        Assert.Equal(rotated.Id, _keys.Current(Provider, Jugendamt)!.Id);
    }

    [Fact]
    public void A_key_unknown_here_refuses_the_message_as_unreadable_naming_key_and_pair()
    {
        var wire = WithKeyElsewhere(Referral());

        var error = Assert.Throws<InvalidMessageException>(() => _sealer.Open(wire));

        Assert.Equal(FieldSealer.Unreadable, error.ReasonCode);
        Assert.Equal(["sealed"], error.Fields);
        Assert.Contains(wire.Sealed!.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Contains("horizont-ev+ja-nordhausen", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Zephyrine, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sealed_fields_that_were_altered_moved_to_another_referral_or_sealed_with_another_key_do_not_open()
    {
        _keys.Create(Jugendamt, Provider, Now);
        var wire = (SubmitReferral)_sealer.Seal(Referral());
        var bytes = Convert.FromBase64String(wire.Sealed!.Ciphertext);
        bytes[3] ^= 0x01;
        var altered = wire with { Sealed = wire.Sealed with { Ciphertext = Convert.ToBase64String(bytes) } };
        var moved = wire with { ReferralId = Guid.NewGuid() };
        var otherReference = wire with { HoursOrdered = 60m };

        Assert.Equal(FieldSealer.Unreadable, Assert.Throws<InvalidMessageException>(() => _sealer.Open(altered)).ReasonCode);
        Assert.Equal(FieldSealer.Unreadable, Assert.Throws<InvalidMessageException>(() => _sealer.Open(moved)).ReasonCode);
        // Fields outside the seal are not bound to it (they are checked by the contract like any other message).
        Assert.Equal(Zephyrine, _sealer.Open(otherReference).YoungPerson!.GivenName);

        // The receiver holds other bytes under the same key id: the seal does not open either.
        var otherBytes = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PartnerKeyRing.KeyBytes));
        var receiverKeys = new PartnerKeyRing(_directory + "-none", () => new Dictionary<string, Dictionary<string, string>> { ["horizont-ev+ja-nordhausen"] = new() { [wire.Sealed.KeyId] = otherBytes } });
        var receiver = new FieldSealer(receiverKeys, new FixedOptions(_options));
        Assert.Equal(FieldSealer.Unreadable, Assert.Throws<InvalidMessageException>(() => receiver.Open(wire)).ReasonCode);
    }

    [Fact]
    public void Personal_fields_in_clear_are_refused_naming_the_fields_not_their_values_unless_clear_is_accepted()
    {
        _keys.Create(Jugendamt, Provider, Now);
        var clear = Referral();

        var error = Assert.Throws<InvalidMessageException>(() => _sealer.Open(clear));

        Assert.Equal(RefusalReasonCodes.InvalidContent, error.ReasonCode);
        Assert.Equal(["fileReference", "youngPerson", "caseworker", "note"], error.Fields);
        Assert.DoesNotContain(Zephyrine, error.Message, StringComparison.Ordinal);
        var both = (SubmitReferral)_sealer.Seal(clear) with { Note = "noch ein Klartext" };
        Assert.Equal(["note"], Assert.Throws<InvalidMessageException>(() => _sealer.Open(both)).Fields);

        _options.AcceptClearFields = true;
        Assert.Same(clear, _sealer.Open(clear));
    }

    [Fact]
    public void Key_files_are_owner_only_and_keys_from_configuration_count_like_files()
    {
        var created = _keys.Create(Jugendamt, Provider, Now);
        var file = Path.Combine(_directory, $"{created.Pair}.{created.Id}.key");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var configured = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PartnerKeyRing.KeyBytes));
        _options.Keys = new() { ["horizont-ev+ja-nordhausen"] = new() { ["29991231T000000Z-config"] = configured } };
        var fromConfiguration = new PartnerKeyRing(_directory, () => _options.Keys);

        Assert.Equal("29991231T000000Z-config", fromConfiguration.Current(Provider, Jugendamt)!.Id);
        Assert.Equal(created.Material, fromConfiguration.Find(Jugendamt, Provider, created.Id)!.Material);
    }

    private const string Zephyrine = "Zephyrine";

    private static SubmitReferral Referral() => new()
    {
        ReferralId = Guid.NewGuid(),
        SenderAgencyId = Jugendamt,
        ReceiverAgencyId = Provider,
        FileReference = "JGH-2026-0815",
        YoungPerson = new YoungPerson
        {
            GivenName = Zephyrine,
            FamilyName = "Quastenflosser",
            DateOfBirth = new DateOnly(2008, 3, 14),
            Phone = "0151 2345678",
            Guardian = new Guardian { Name = "Ortrud Quastenflosser" },
        },
        LegalBasis = LegalBasisCodes.Jgg15,
        HoursOrdered = 40m,
        Deadline = new DateOnly(2027, 2, 1),
        ConsequencesExplained = true,
        Note = "Schule bis 15 Uhr.",
        Caseworker = new ContactPerson { Name = "Frau Sachbearbeiterin", Email = "jgh@example.org" },
        SubmittedAt = Now,
    };

    /// <summary>Seals with a key that only the sender's folder holds: the receiver's ring (this test's) has never seen it.</summary>
    private SubmitReferral WithKeyElsewhere(SubmitReferral referral)
    {
        var elsewhere = _directory + "-sender";
        try
        {
            var ring = new PartnerKeyRing(elsewhere);
            ring.Create(Jugendamt, Provider, Now);
            return (SubmitReferral)new FieldSealer(ring, new FixedOptions(new SealingOptions())).Seal(referral);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    private sealed class FixedOptions(SealingOptions value) : IOptionsMonitor<SealingOptions>
    {
        public SealingOptions CurrentValue => value;

        public SealingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SealingOptions, string?> listener) => null;
    }
}
