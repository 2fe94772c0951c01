using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Horizont.Hosting.Logging;

/// <summary>
/// The classification of personal data for everything that writes logs: which of Horizont's types and properties
/// (wire contracts and stored entities) hold a person's name, date of birth, contact data, file reference or free
/// text that may name someone. The contracts cannot carry attributes (they reference MassTransit.Abstractions only)
/// and the entities belong to their services, so the classification lives here, by type and property name, and
/// covers every Horizont type (ADR 0013). Ids, agency ids, codes, counts, dates of the case and types stay visible.
/// </summary>
public static class PersonalData
{
    /// <summary>What a log shows instead of a personal value.</summary>
    public const string Placeholder = "[entfernt]";

    private const int MinValueLength = 3;

    private const int MaxDepth = 6;

    /// <summary>Types each of whose values belongs to one person: the young person, a guardian, a contact person, and their stored copies.</summary>
    private static readonly HashSet<string> s_personalTypes = new(
        ["YoungPerson", "Guardian", "ContactPerson", "YoungPersonDetails", "ContactDetails"], StringComparer.Ordinal);

    /// <summary>
    /// Properties of any Horizont type that hold personal data: names and contact data, the Jugendamt's file reference,
    /// the stored payload of a referral, and every free text (a note, a recommendation) that may name someone.
    /// </summary>
    private static readonly HashSet<string> s_personalProperties = new(
    [
        "GivenName", "FamilyName", "DateOfBirth", "Phone", "Email", "Address", "Street",
        "GuardianName", "GuardianPhone", "ContactName", "ContactPhone", "ContactEmail",
        "FileReference", "Payload", "Note", "DeclineNote", "Recommendation", "NonComplianceRecommendation",
        "ExcludedOffences", "AccidentInsuranceNote",
    ], StringComparer.Ordinal);

    /// <summary>Words of a name too common to remove everywhere (a surname "von der Heide" must not blank every "der").</summary>
    private static readonly HashSet<string> s_particles = new(
        ["von", "vom", "van", "der", "den", "dem", "des", "zum", "zur", "und", "del", "ten", "ter"], StringComparer.OrdinalIgnoreCase);

    private static readonly char[] s_wordSeparators = [' ', '-', ',', ';', '/', '.', '(', ')', '\'', '"'];

    /// <summary>A type of Horizont's own (contract, entity, record) whose properties the log must look into.</summary>
    public static bool IsHorizontType(Type type) =>
        type is { IsPrimitive: false, IsEnum: false } && type != typeof(string)
        && (type.Namespace?.StartsWith("Horizont", StringComparison.Ordinal) ?? false);

    /// <summary>A type whose every value is personal (<see cref="s_personalTypes"/>).</summary>
    public static bool IsPersonalType(Type type) => IsHorizontType(type) && s_personalTypes.Contains(type.Name);

    /// <summary>Whether the value of <paramref name="property"/> is personal data.</summary>
    public static bool IsPersonal(PropertyInfo property) =>
        s_personalProperties.Contains(property.Name) || IsPersonalType(ElementType(property.PropertyType));

    /// <summary>
    /// Whether a value, logged as it is, may carry personal data: a Horizont object or a collection of them. Such a value
    /// never reaches a log as it is (<see cref="Redacted"/>).
    /// </summary>
    public static bool MayCarry(object? value) =>
        value is not null and not string && IsHorizontType(ElementType(value.GetType()));

    /// <summary>The readable properties of a Horizont type, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    /// <summary>
    /// The personal values inside <paramref name="value"/> as they may appear in a text (an exception's message, a
    /// string someone built): each value, each word of a name, a date of birth also in German notation.
    /// </summary>
    public static IReadOnlyCollection<string> ValuesOf(object? value)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(value, personal: false, values, 0);
        return values;
    }

    private static void Collect(object? value, bool personal, HashSet<string> values, int depth)
    {
        if (value is null || depth > MaxDepth)
            return;
        switch (value)
        {
            case string text when personal:
                AddText(text, values);
                return;
            case DateOnly date when personal:
                values.UnionWith(DateForms(date));
                return;
            case string:
                return;
            case IEnumerable items:
                foreach (var item in items)
                    Collect(item, personal, values, depth + 1);
                return;
        }

        var type = value.GetType();
        if (!IsHorizontType(type))
            return;
        var all = personal || IsPersonalType(type);
        foreach (var property in PropertiesOf(type))
            Collect(property.GetValue(value), all || IsPersonal(property), values, depth + 1);
    }

    /// <summary>
    /// The words of a name or an address that can name someone on their own ("Lena" of "Anna Lena", "Heide" of "von der
    /// Heide"): three characters or more, with a letter, not a particle.
    /// </summary>
    public static IEnumerable<string> NameWords(string text) =>
        text.Split(s_wordSeparators, StringSplitOptions.RemoveEmptyEntries)
            .Where(word => word.Length >= MinValueLength && word.Any(char.IsLetter) && !s_particles.Contains(word));

    /// <summary>A date as a text may show it: ISO and German notation.</summary>
    public static IEnumerable<string> DateForms(DateOnly date) =>
    [
        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        date.ToString("d.M.yyyy", CultureInfo.InvariantCulture),
    ];

    private static void AddText(string text, HashSet<string> values)
    {
        text = text.Trim();
        if (text.Length < MinValueLength)
            return;
        values.Add(text);
        // "Zephyrine Quastenflosser" also appears as "Quastenflosser" alone.
        values.UnionWith(NameWords(text));
    }

    private static Type ElementType(Type type)
    {
        if (type == typeof(string))
            return type;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return underlying;
        if (type.IsArray)
            return type.GetElementType()!;
        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? type;
    }
}
