using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Horizont.Hosting.Data;

/// <summary>
/// <see cref="DateTimeOffset"/> stored as UTC ticks: SQLite can neither order nor compare <see cref="DateTimeOffset"/>
/// columns; as integers they sort and compare (the offset is not kept: every time here is UTC).
/// </summary>
public static class UtcTicks
{
    public static ValueConverter<DateTimeOffset, long> Converter { get; } =
        new(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
