using Microsoft.AspNetCore.Identity;

namespace Horizont.SignIn.Data;

/// <summary>A member of staff who signs in to the embedded provider with a user name and password.</summary>
public sealed class LocalAccount : IdentityUser
{
    /// <summary>The one agency this account acts for (a partner id such as <c>horizont-ev</c>).</summary>
    public string AgencyId { get; set; } = "";

    /// <summary>What the pages show as the signed-in person (the <c>name</c> claim).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Set while the account still has its one-time password: the next sign-in must choose a new one first.</summary>
    public bool MustChangePassword { get; set; }
}
