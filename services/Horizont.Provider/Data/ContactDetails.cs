namespace Horizont.Provider.Data;

/// <summary>A contact person at the partner agency.</summary>
public sealed record ContactDetails
{
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}
