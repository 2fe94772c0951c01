using System.Collections;
using System.Globalization;
using System.Text;

namespace Horizont.Hosting.Logging;

/// <summary>
/// A Horizont object (or a collection of them) on its way into a log: shown with its ids, codes and dates, its
/// personal values replaced by <see cref="PersonalData.Placeholder"/>. As text (<c>{Message}</c>) it renders itself;
/// destructured (<c>{@Message}</c>) <see cref="PersonalDataDestructuringPolicy"/> turns it into a structure.
/// </summary>
public sealed class Redacted(object value)
{
    private const int MaxDepth = 6;

    public object Value { get; } = value;

    public override string ToString()
    {
        var text = new StringBuilder();
        Render(Value, personal: false, text, 0);
        return text.ToString();
    }

    private static void Render(object? value, bool personal, StringBuilder text, int depth)
    {
        if (value is null)
        {
            text.Append("null");
            return;
        }

        var type = value.GetType();
        if (personal || PersonalData.IsPersonalType(type))
        {
            text.Append(PersonalData.Placeholder);
            return;
        }

        if (depth > MaxDepth)
        {
            text.Append('…');
            return;
        }

        if (value is IEnumerable items and not string)
        {
            text.Append('[');
            var first = true;
            foreach (var item in items)
            {
                text.Append(first ? "" : ", ");
                first = false;
                Render(item, personal: false, text, depth + 1);
            }

            text.Append(']');
            return;
        }

        if (!PersonalData.IsHorizontType(type))
        {
            text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            return;
        }

        text.Append(type.Name).Append(" { ");
        var separator = "";
        foreach (var property in PersonalData.PropertiesOf(type))
        {
            text.Append(separator).Append(property.Name).Append(" = ");
            Render(property.GetValue(value), PersonalData.IsPersonal(property) && property.GetValue(value) is not null, text, depth + 1);
            separator = ", ";
        }

        text.Append(" }");
    }
}
