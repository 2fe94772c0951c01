using Horizont.Hosting.Security;
using Microsoft.AspNetCore.Authorization;

namespace Horizont.Hosting.Pages;

/// <summary>
/// A staff page (<c>@attribute [StaffPage(HorizontRoles.…)]</c>): only a signed-in member of staff's cookie session counts
/// (never an API key or a bearer token), holding one of the roles (any role when none is given). Forms posted to the page
/// need the antiforgery token, which <c>&lt;AntiforgeryToken /&gt;</c> and <c>EditForm</c> render.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class StaffPageAttribute : Attribute, IAuthorizeData
{
    public StaffPageAttribute(params string[] roles)
    {
        Roles = roles.Length == 0 ? null : string.Join(',', roles);
    }

    public string? Policy { get; set; }

    public string? Roles { get; set; }

    public string? AuthenticationSchemes { get; set; } = HorizontSecurity.CookieScheme;
}
