using System.Collections;
using Serilog.Core;
using Serilog.Events;

namespace Horizont.Hosting.Logging;

/// <summary>
/// Serilog's side of the classification: a Horizont object destructured into a log event (<c>{@Message}</c>, through
/// Microsoft.Extensions.Logging or Serilog itself) keeps its structure, with every personal value replaced by
/// <see cref="PersonalData.Placeholder"/> (<see cref="PersonalData"/>).
/// </summary>
public sealed class PersonalDataDestructuringPolicy : IDestructuringPolicy
{
    private static readonly ScalarValue s_placeholder = new(PersonalData.Placeholder);

    public bool TryDestructure(object value, ILogEventPropertyValueFactory propertyValueFactory, out LogEventPropertyValue result)
    {
        var wrapped = value is Redacted;
        if (value is Redacted redacted)
            value = redacted.Value;
        var type = value.GetType();
        if (PersonalData.IsPersonalType(type))
        {
            result = s_placeholder;
            return true;
        }

        if (PersonalData.IsHorizontType(type))
        {
            result = new StructureValue(
                PersonalData.PropertiesOf(type).Select(p => new LogEventProperty(p.Name, ValueOf(p.GetValue(value), PersonalData.IsPersonal(p), propertyValueFactory))),
                type.Name);
            return true;
        }

        if (wrapped && value is IEnumerable items)
        {
            result = new SequenceValue(items.Cast<object?>().Select(item => ValueOf(item, personal: false, propertyValueFactory)));
            return true;
        }

        result = null!;
        return false;
    }

    private static LogEventPropertyValue ValueOf(object? value, bool personal, ILogEventPropertyValueFactory factory) =>
        value is null ? new ScalarValue(null) : personal ? s_placeholder : factory.CreatePropertyValue(value, destructureObjects: true);
}
