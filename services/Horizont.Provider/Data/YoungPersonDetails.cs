namespace Horizont.Provider.Data;

/// <summary>The young person as the referral named them. Personal data: never in logs or exception messages.</summary>
public sealed record YoungPersonDetails
{
    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly DateOfBirth { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Address { get; init; }
    public string? GuardianName { get; init; }
    public string? GuardianPhone { get; init; }
}
