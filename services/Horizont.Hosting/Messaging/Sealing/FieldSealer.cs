using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Horizont.Hosting.Validation;
using Horizont.Messages;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Messaging.Sealing;

/// <summary>
/// Seals the personal fields of a message for the one partner it goes to, and opens them on arrival (scheme
/// <see cref="SealedFields.CurrentScheme"/>, docs/contracts.md "Sealed personal fields"):
/// <list type="bullet">
/// <item>the fields are taken out of the message and written as one JSON object (the wire's own names);</item>
/// <item>AES-256-GCM with the current key of the sender and receiver, a random 12-byte nonce, and as associated data the
/// scheme, message type, referral id, sender, receiver and key id, so sealed fields moved into another message, referral
/// or pair do not open;</item>
/// <item>the message goes out with those fields absent and <see cref="SealedFields"/> in their place.</item>
/// </list>
/// Only messages in <see cref="Catalogue"/> carry personal fields; all others pass unchanged.
/// </summary>
public sealed class FieldSealer(PartnerKeyRing keys, IOptionsMonitor<SealingOptions> options)
{
    /// <summary>Why a message's sealed fields could not be opened (not a wire code: never answered, see <see cref="Open{TMessage}"/>).</summary>
    public const string Unreadable = "SEALED_FIELDS_UNREADABLE";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Dictionary<Type, PersonalFields> Catalogue = new[]
    {
        PersonalFields.Of<SubmitReferral, SubmitReferralFields>(
            m => m.FileReference is null && m.YoungPerson is null && m.Caseworker is null && m.Note is null ? null : new(m.FileReference, m.YoungPerson, m.Caseworker, m.Note),
            (m, fields, seal) => m with { FileReference = fields?.FileReference, YoungPerson = fields?.YoungPerson, Caseworker = fields?.Caseworker, Note = fields?.Note, Sealed = seal },
            "fileReference", "youngPerson", "caseworker", "note"),
        PersonalFields.Of<ReferralDeclined, DeclineFields>(
            m => m.Note is null ? null : new(m.Note),
            (m, fields, seal) => m with { Note = fields?.Note, Sealed = seal },
            "note"),
        PersonalFields.Of<NonComplianceReported, NonComplianceFields>(
            m => m.Recommendation is null ? null : new(m.Recommendation),
            (m, fields, seal) => m with { Recommendation = fields?.Recommendation, Sealed = seal },
            "recommendation"),
    }.ToDictionary(f => f.MessageType);

    /// <summary>The wire names of the fields each message type seals (for docs and tests).</summary>
    public static IReadOnlyDictionary<Type, IReadOnlyList<string>> SealedFieldNames { get; } =
        Catalogue.ToDictionary(c => c.Key, c => c.Value.WireNames);

    /// <summary>
    /// The message as it goes on the wire: its personal fields sealed with the pair's current key, or the message itself when
    /// it has none. Throws <see cref="SealingKeyMissingException"/> when the two agencies have no key: nothing personal is
    /// ever sent in clear.
    /// </summary>
    public object Seal(object message)
    {
        if (message is not ISealedMessage addressed || !Catalogue.TryGetValue(message.GetType(), out var fields)
            || fields.Take(message) is not { } personal)
            return message;

        var key = keys.Current(addressed.SenderAgencyId, addressed.ReceiverAgencyId)
            ?? throw new SealingKeyMissingException(PartnerKeyRing.PairOf(addressed.SenderAgencyId, addressed.ReceiverAgencyId), keys.Directory);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(personal, fields.FieldsType, Json);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var sealedBytes = new byte[plaintext.Length + TagBytes];
        using (var aes = new AesGcm(key.Material, TagBytes))
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), AssociatedData(fields, addressed, key.Id));
        CryptographicOperations.ZeroMemory(plaintext);
        return fields.With(message, null, new SealedFields
        {
            Scheme = SealedFields.CurrentScheme,
            KeyId = key.Id,
            Nonce = Convert.ToBase64String(nonce),
            Ciphertext = Convert.ToBase64String(sealedBytes),
        });
    }

    /// <summary>
    /// The message with its sealed fields opened, as its consumer sees it. Call only after the addressing was checked (the
    /// key is chosen by sender and receiver). A message that cannot be opened throws an <see cref="InvalidMessageException"/>:
    /// a key unknown here or a seal that does not open (<see cref="Unreadable"/>: the sender cannot fix it, operations
    /// installs the key and replays, so it is not answered), or personal fields in clear where this agency requires them
    /// sealed (invalid content, answered like any contract breach).
    /// </summary>
    public TMessage Open<TMessage>(TMessage message)
        where TMessage : class
    {
        if (message is not ISealedMessage addressed || !Catalogue.TryGetValue(message.GetType(), out var fields))
            return message;
        var type = fields.MessageType.Name;
        var clear = fields.Take(message);
        if (addressed.Sealed is not { } seal)
        {
            if (clear is null || options.CurrentValue.AcceptClearFields)
                return message;
            var names = fields.NamesIn(clear);
            throw new InvalidMessageException($"{type} {addressed.ReferralId} carries personal fields in clear ({string.Join(", ", names)}); this agency accepts them only sealed (scheme {SealedFields.CurrentScheme})")
            {
                Fields = names,
            };
        }

        if (clear is not null)
        {
            var names = fields.NamesIn(clear);
            throw new InvalidMessageException($"{type} {addressed.ReferralId} carries personal fields both sealed and in clear ({string.Join(", ", names)})") { Fields = names };
        }

        if (!string.Equals(seal.Scheme, SealedFields.CurrentScheme, StringComparison.Ordinal))
            throw Refused(addressed, $"sealed.scheme {FieldErrors.Quote(seal.Scheme)} is not known here (known: {SealedFields.CurrentScheme})");

        var pair = PartnerKeyRing.PairOf(addressed.SenderAgencyId, addressed.ReceiverAgencyId);
        var key = keys.Find(addressed.SenderAgencyId, addressed.ReceiverAgencyId, seal.KeyId ?? "")
            ?? throw Refused(addressed, $"sealed.keyId {FieldErrors.Quote(seal.KeyId)} is not a key of {pair} known here; install the partner's key in the key folder and replay the message");
        var nonce = Bytes(seal.Nonce);
        var sealedBytes = Bytes(seal.Ciphertext);
        if (nonce is not { Length: NonceBytes })
            throw Refused(addressed, $"sealed.nonce is not Base64 of {NonceBytes} bytes");
        if (sealedBytes is not { Length: >= TagBytes })
            throw Refused(addressed, $"sealed.ciphertext is not Base64 of at least the {TagBytes}-byte tag");

        var plaintext = new byte[sealedBytes.Length - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Material, TagBytes);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, AssociatedData(fields, addressed, key.Id));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Refused(addressed, $"the sealed fields do not open with key {FieldErrors.Quote(key.Id)} of {pair}: altered on the way, sealed for another message, or sealed with another key under that id");
        }

        try
        {
            var opened = JsonSerializer.Deserialize(plaintext, fields.FieldsType, Json)
                ?? throw new JsonException("The sealed fields are JSON null.");
            return (TMessage)fields.With(message, opened, null);
        }
        catch (JsonException ex)
        {
            // The path names the field; the exception's own text could quote a value.
            throw new InvalidMessageException($"{type} {addressed.ReferralId}: the opened fields are not the scheme's JSON (at {ex.Path ?? "$"})") { Fields = ["sealed"] };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static InvalidMessageException Refused(ISealedMessage message, string problem) =>
        new($"{message.GetType().Name} {message.ReferralId}: {problem}.") { ReasonCode = Unreadable, Fields = ["sealed"] };

    private static byte[]? Bytes(string? base64)
    {
        if (base64 is null)
            return null;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary><c>{scheme}\n{message type}\n{referral id}\n{sender}\n{receiver}\n{key id}</c> in UTF-8: what the seal binds to.</summary>
    internal static byte[] AssociatedData(PersonalFields fields, IReferralMessage message, string keyId) =>
        Encoding.UTF8.GetBytes(string.Join('\n', SealedFields.CurrentScheme, fields.MessageType.Name, message.ReferralId.ToString("D"),
            message.SenderAgencyId, message.ReceiverAgencyId, keyId));

    /// <summary>What one message type seals: which fields (as one JSON object) and how to take them out and put them back.</summary>
    internal abstract class PersonalFields
    {
        public abstract Type MessageType { get; }

        public abstract Type FieldsType { get; }

        public abstract IReadOnlyList<string> WireNames { get; }

        /// <summary>The message's personal fields, or null when it has none set.</summary>
        public abstract object? Take(object message);

        /// <summary>The message with these personal fields (null: none) and this seal (null: none).</summary>
        public abstract object With(object message, object? fields, SealedFields? seal);

        /// <summary>The wire names of the fields that are set (never their values).</summary>
        public IReadOnlyList<string> NamesIn(object fields)
        {
            var set = JsonSerializer.SerializeToElement(fields, FieldsType, Json);
            return [.. WireNames.Where(name => set.TryGetProperty(name, out _))];
        }

        public static PersonalFields Of<TMessage, TFields>(Func<TMessage, TFields?> take, Func<TMessage, TFields?, SealedFields?, TMessage> with, params string[] wireNames)
            where TMessage : class
            where TFields : class =>
            new Typed<TMessage, TFields>(take, with, wireNames);

        private sealed class Typed<TMessage, TFields>(Func<TMessage, TFields?> take, Func<TMessage, TFields?, SealedFields?, TMessage> with, string[] wireNames) : PersonalFields
            where TMessage : class
            where TFields : class
        {
            public override Type MessageType => typeof(TMessage);

            public override Type FieldsType => typeof(TFields);

            public override IReadOnlyList<string> WireNames => wireNames;

            public override object? Take(object message) => take((TMessage)message);

            public override object With(object message, object? fields, SealedFields? seal) => with((TMessage)message, (TFields?)fields, seal);
        }
    }

    /// <summary>The sealed fields of <see cref="SubmitReferral"/>.</summary>
    internal sealed record SubmitReferralFields(string? FileReference, YoungPerson? YoungPerson, ContactPerson? Caseworker, string? Note);

    /// <summary>The sealed fields of <see cref="ReferralDeclined"/>.</summary>
    internal sealed record DeclineFields(string? Note);

    /// <summary>The sealed fields of <see cref="NonComplianceReported"/>.</summary>
    internal sealed record NonComplianceFields(string? Recommendation);
}

/// <summary>The two agencies have no key: the message waits in the outbox until operations installs one (never sent in clear).</summary>
public sealed class SealingKeyMissingException : Exception
{
    public SealingKeyMissingException(string pair, string directory)
        : base($"No key for {pair} to seal personal fields with: create one (horizont-ops seal-keys create) and place it in {directory} on both sides.")
    {
    }

    public SealingKeyMissingException()
    {
    }

    public SealingKeyMissingException(string message)
        : base(message)
    {
    }

    public SealingKeyMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
