using System.Reflection;

namespace Horizont.Hosting.Pages;

/// <summary>
/// One service's staff pages: the assembly whose routable components are its pages, the agency they belong to (staff of
/// another agency are refused, as on the service's API) and the links of its navigation, each for the roles that may follow it.
/// </summary>
/// <param name="Title">The area's name in the navigation, e.g. <c>Träger</c>.</param>
/// <param name="Pages">The assembly holding the area's <c>@page</c> components.</param>
/// <param name="AgencyId">The agency whose staff may open the pages; null for operations, which serves every agency.</param>
/// <param name="Links">The navigation entries, in order.</param>
public sealed record StaffArea(string Title, Assembly Pages, string? AgencyId, IReadOnlyList<StaffLink> Links);

/// <summary>A navigation entry: shown to a member of staff holding one of <paramref name="Roles"/>.</summary>
public sealed record StaffLink(string Text, string Href, params string[] Roles);
