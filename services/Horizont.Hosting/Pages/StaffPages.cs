using System.Reflection;
using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Horizont.Hosting.Pages;

/// <summary>
/// The staff pages of every service in the process (ADR 0010): server-rendered Razor components, one root
/// (<see cref="HorizontApp"/>) and one layout (<see cref="StaffLayout"/>) for all, each service's pages from its own
/// assembly. Every page needs the cookie session of a member of staff; a service's pages need its agency as well.
/// </summary>
public static class StaffPages
{
    /// <summary>Where the stylesheet and the little script of the pages are served (open: they hold no data).</summary>
    public const string AssetPath = "/_horizont";

    /// <summary>Adds a service's pages (its assembly, agency and navigation) to the process.</summary>
    public static IServiceCollection AddStaffPages(this IServiceCollection services, StaffArea area)
    {
        services.AddRazorComponents();
        services.TryAddSingleton<StaffAreas>();
        services.AddSingleton(area);
        return services;
    }

    /// <summary>Maps every registered service's pages, the start page and the assets. Called by <see cref="HorizontHost.BuildAsync"/>.</summary>
    internal static void MapStaffPages(this WebApplication app)
    {
        var areas = app.Services.GetService<StaffAreas>();
        if (areas is null)
            return;

        app.MapGet(AssetPath + "/{file}", (string file) => StaffAssets.Serve(file)).AllowAnonymous().ExcludeFromDescription();

        var staffOnly = new AuthorizationPolicyBuilder(HorizontSecurity.CookieScheme).RequireAuthenticatedUser().Build();
        var agencyOf = new Dictionary<Assembly, AuthorizationPolicy>();
        foreach (var area in areas.All.Where(a => a.AgencyId is not null))
        {
            agencyOf[area.Pages] = new AuthorizationPolicyBuilder(HorizontSecurity.CookieScheme)
                .RequireClaim(HorizontClaims.Agency, area.AgencyId!).Build();
        }

        app.MapRazorComponents<HorizontApp>()
            .AddAdditionalAssemblies(areas.Assemblies.ToArray())
            .Add(endpoint =>
            {
                if (endpoint.Metadata.OfType<ComponentTypeMetadata>().FirstOrDefault() is not { } component)
                    return;
                // Whatever the page's own attribute says: never an API key or a bearer token, and only the agency's own staff.
                endpoint.Metadata.Add(staffOnly);
                if (agencyOf.TryGetValue(component.Type.Assembly, out var agency))
                    endpoint.Metadata.Add(agency);
            });
    }
}

/// <summary>The areas registered in this process, in registration order.</summary>
public sealed class StaffAreas(IEnumerable<StaffArea> areas)
{
    public IReadOnlyList<StaffArea> All { get; } = areas.ToList();

    /// <summary>The service assemblies holding pages, besides Hosting's own.</summary>
    public IEnumerable<Assembly> Assemblies =>
        All.Select(a => a.Pages).Where(a => a != typeof(HorizontApp).Assembly).Distinct();

    /// <summary>The links <paramref name="user"/> may follow, per area, leaving out areas with none and other agencies' areas.</summary>
    public IEnumerable<(StaffArea Area, IReadOnlyList<StaffLink> Links)> For(System.Security.Claims.ClaimsPrincipal user) =>
        All.Where(a => a.AgencyId is null || user.HasClaim(HorizontClaims.Agency, a.AgencyId))
            .Select(a => (a, (IReadOnlyList<StaffLink>)a.Links.Where(l => l.Roles.Length == 0 || l.Roles.Any(user.IsInRole)).ToList()))
            .Where(x => x.Item2.Count > 0);
}
