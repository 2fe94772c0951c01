using System.Security.Claims;
using Horizont.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests.Security;

/// <summary>An identity provider's token becomes a Horizont principal: mapped roles, the agency, a clean name, nothing else.</summary>
public sealed class ExternalClaimsTests
{
    [Fact]
    public void Exact_horizont_role_names_pass_in_any_case_and_unknown_values_are_dropped()
    {
        var principal = Map(new SecurityOptions(), ("role", "providerintake"), ("role", "Operations"), ("role", "Chef"), ("role", "admin"));

        Assert.Equal([HorizontRoles.ProviderIntake, HorizontRoles.Operations], Roles(principal));
        Assert.True(principal.IsInRole(HorizontRoles.ProviderIntake));
        Assert.False(principal.IsInRole("Chef"));
    }

    [Fact]
    public void The_role_map_turns_the_providers_values_into_horizont_roles()
    {
        var options = new SecurityOptions { RoleClaim = "roles" };
        options.RoleMap["hz-intake"] = HorizontRoles.ProviderIntake;
        options.RoleMap["hz-lead"] = "providerteamlead";
        options.RoleMap["hz-typo"] = "Chefin";

        var principal = Map(options, ("roles", "HZ-INTAKE"), ("roles", "hz-lead"), ("roles", "hz-typo"), ("role", HorizontRoles.Administrator));

        Assert.Equal([HorizontRoles.ProviderIntake, HorizontRoles.ProviderTeamLead], Roles(principal));
    }

    [Fact]
    public async Task A_role_map_from_configuration_matches_the_providers_values_in_any_case()
    {
        await using var host = await SecurityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Security:RoleClaim"] = "groups",
            ["Security:RoleMap:HZ-Intake"] = "ProviderIntake",
            ["Security:DefaultAgency"] = "brueckenbau-ev",
        });
        var options = host.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;

        var principal = Map(options, ("groups", "hz-intake"));

        Assert.Equal([HorizontRoles.ProviderIntake], Roles(principal));
        Assert.Equal("brueckenbau-ev", principal.FindFirst(HorizontClaims.Agency)?.Value);
    }

    [Fact]
    public void A_json_array_claim_value_carries_several_roles()
    {
        var principal = Map(new SecurityOptions(), ("role", """["JugendamtCasework","Administrator","unbekannt"]"""), ("role", "[kein json"));

        Assert.Equal([HorizontRoles.JugendamtCasework, HorizontRoles.Administrator], Roles(principal));
    }

    [Fact]
    public void A_role_named_twice_is_one_claim()
    {
        var principal = Map(new SecurityOptions(), ("role", "Operations"), ("role", """["operations"]"""));

        Assert.Equal([HorizontRoles.Operations], Roles(principal));
    }

    [Fact]
    public void The_agency_comes_from_its_claim_and_wins_over_the_default()
    {
        var options = new SecurityOptions { AgencyClaim = "org", DefaultAgency = "horizont-ev" };

        var principal = Map(options, ("org", " brueckenbau-ev "));

        Assert.Equal("brueckenbau-ev", Assert.Single(principal.FindAll(HorizontClaims.Agency)).Value);
    }

    [Fact]
    public void Without_an_agency_claim_the_default_agency_applies_and_without_both_there_is_none()
    {
        Assert.Equal("horizont-ev", Map(new SecurityOptions { DefaultAgency = "horizont-ev" }).FindFirst(HorizontClaims.Agency)?.Value);
        Assert.Null(Map(new SecurityOptions()).FindFirst(HorizontClaims.Agency));
    }

    [Fact]
    public void The_name_falls_back_from_the_configured_claim_to_name_then_sub_then_unbekannt()
    {
        var options = new SecurityOptions();

        Assert.Equal("m.mueller", StaffActor.Of(Map(options, ("preferred_username", "m.mueller"), ("name", "Maria Müller"), ("sub", "42"))));
        Assert.Equal("Maria Müller", StaffActor.Of(Map(options, ("preferred_username", ""), ("name", "Maria Müller"), ("sub", "42"))));
        Assert.Equal("42", StaffActor.Of(Map(options, ("sub", "42"))));
        Assert.Equal("unbekannt", StaffActor.Of(Map(options)));
        Assert.Equal("u-7", StaffActor.Of(Map(new SecurityOptions { NameClaim = "upn" }, ("upn", "u-7"), ("preferred_username", "x"))));
    }

    [Fact]
    public void Control_characters_in_the_name_are_removed()
    {
        var principal = Map(new SecurityOptions(), ("preferred_username", "m.mu\u0000el\u202Eler\r\n"));

        Assert.Equal("m.mueller", StaffActor.Of(principal));
    }

    [Fact]
    public void The_principal_is_staff_with_the_horizont_claim_types_and_nothing_else_of_the_token()
    {
        var principal = Map(new SecurityOptions(), ("preferred_username", "m.mueller"), ("role", "Operations"), ("email", "m@example.org"), ("sub", "42"), ("agency", "horizont-ev"));

        Assert.Equal(HorizontClaims.KindStaff, principal.FindFirst(HorizontClaims.Kind)?.Value);
        Assert.Equal("oidc", principal.Identity?.AuthenticationType);
        Assert.True(principal.Identity?.IsAuthenticated);
        Assert.Equal("m.mueller", principal.Identity?.Name);
        Assert.Null(principal.FindFirst("email"));
        Assert.Equal(
            [HorizontClaims.Agency, HorizontClaims.Kind, HorizontClaims.Name, HorizontClaims.Role, "sub"],
            principal.Claims.Select(c => c.Type).Order(StringComparer.Ordinal));
    }

    private static ClaimsPrincipal Map(SecurityOptions options, params (string Type, string Value)[] claims) =>
        ExternalClaims.ToHorizont(new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "external")), options, "oidc");

    private static List<string> Roles(ClaimsPrincipal principal) => principal.FindAll(HorizontClaims.Role).Select(c => c.Value).ToList();
}

/// <summary>The actor of histories and the audit trail is the principal's name claim, cleaned; no header can set it.</summary>
public sealed class StaffActorTests
{
    [Fact]
    public void The_actor_is_the_name_claim_of_the_principal()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(HorizontClaims.Name, "m.mueller")], "test"));

        Assert.Equal("m.mueller", StaffActor.Of(user));
    }

    [Fact]
    public void An_anonymous_principal_is_unbekannt()
    {
        Assert.Equal("unbekannt", StaffActor.Of(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Theory]
    [InlineData("a\u0000b\u0007c", "abc")]
    [InlineData("  m.mueller\r\n", "m.mueller")]
    [InlineData("m.\u200Bmue\u202Eller", "m.mueller")]
    [InlineData("\u0001\u0002", "unbekannt")]
    public void Control_and_format_characters_are_removed(string name, string expected)
    {
        Assert.Equal(expected, StaffActor.Clean(name));
    }

    [Fact]
    public void A_long_name_is_cut_to_the_maximum()
    {
        Assert.Equal(StaffActor.MaxLength, StaffActor.Clean(new string('x', 500)).Length);
    }
}
