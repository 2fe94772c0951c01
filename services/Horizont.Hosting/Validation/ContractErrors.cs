using System.Globalization;
using System.Net.Mail;
using Horizont.Hosting.Messaging;
using Horizont.Messages;

namespace Horizont.Hosting.Validation;

/// <summary>
/// The contract errors of one message, each with the wire name of its field (<c>youngPerson.dateOfBirth</c>) and an English
/// rule for the error queue and the sender's refusal notice. The rules come from <see cref="ReferralLimits"/> and the code
/// lists; a value is repeated only when it looks like a code (<see cref="FieldErrors.Quote"/>), never a name.
/// </summary>
public sealed class ContractErrors
{
    private readonly List<(string Field, string Error)> _errors = [];

    public IReadOnlyList<(string Field, string Error)> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string field, string error) => _errors.Add((field, error));

    /// <summary>A text: present when <paramref name="required"/>, within <paramref name="maximum"/>, without control or formatting characters.</summary>
    public void Text(string field, string? value, int maximum, bool required = false, bool lineBreaks = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                Add(field, $"{field} is missing");
            return;
        }

        if (value.Length > maximum)
            Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {maximum} are allowed"));
        if (ReferralLimits.HasForbiddenCharacters(value, lineBreaks))
            Add(field, $"{field} contains control or formatting characters{(lineBreaks ? " (only line breaks are allowed)" : "")}");
    }

    /// <summary>An e-mail address when given: within the length and a single plain address.</summary>
    public void Email(string field, string? value)
    {
        Text(field, value, ReferralLimits.MaxEmailLength);
        if (!string.IsNullOrWhiteSpace(value) && (!MailAddress.TryCreate(value, out var address) || address.Address != value))
            Add(field, $"{field} is not a valid e-mail address");
    }

    /// <summary>A required code from <paramref name="allowed"/>.</summary>
    public void Code(string field, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, $"{field} is missing (allowed: {string.Join(", ", allowed)})");
        else if (!allowed.Contains(value, StringComparer.Ordinal))
            Add(field, $"{field} {FieldErrors.Quote(value)} is not a known code (allowed: {string.Join(", ", allowed)})");
    }

    /// <summary>Hours ordered: <see cref="ReferralLimits.MinHours"/> to <see cref="ReferralLimits.MaxHours"/>.</summary>
    public void Hours(string field, decimal hours)
    {
        if (!ReferralLimits.IsValidHours(hours))
            Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be between {ReferralLimits.MinHours} and {ReferralLimits.MaxHours}"));
    }

    /// <summary>A number of hours that cannot be negative (a running total).</summary>
    public void NotNegative(string field, decimal value)
    {
        if (value < 0)
            Add(field, $"{field} is negative");
    }

    /// <summary>Every entry a code from <paramref name="allowed"/>; an absent list is empty.</summary>
    public void Codes(string field, IReadOnlyList<string>? values, IReadOnlyList<string> allowed)
    {
        var list = values ?? [];
        for (var i = 0; i < list.Count; i++)
            Code(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), list[i], allowed);
    }

    /// <summary>A value that must be set (not its type's default).</summary>
    public bool Required<T>(string field, T value)
        where T : struct
    {
        if (!EqualityComparer<T>.Default.Equals(value, default))
            return true;
        Add(field, $"{field} is missing");
        return false;
    }

    /// <summary>A date within <paramref name="earliest"/> and <paramref name="latest"/> (inclusive), judged on the message's own day.</summary>
    public void DateWithin(string field, DateOnly date, DateOnly earliest, DateOnly latest)
    {
        if (date < earliest)
            Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} is before {earliest:yyyy-MM-dd}, the earliest plausible date"));
        else if (date > latest)
            Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} is after {latest:yyyy-MM-dd}, the latest plausible date"));
    }

    /// <summary>
    /// Throws an <see cref="InvalidMessageException"/> naming the message, the referral, every error and the fields
    /// when there is any error: the message goes to the error queue at once.
    /// </summary>
    public void ThrowIfAny(string messageType, Guid referralId, Guid? messageId)
    {
        if (_errors.Count == 0)
            return;
        throw new InvalidMessageException($"{messageType} {referralId} (message {messageId}) is invalid: {string.Join("; ", _errors.Select(e => e.Error))}.")
        {
            Fields = [.. _errors.Select(e => e.Field).Distinct(StringComparer.Ordinal)],
        };
    }
}
