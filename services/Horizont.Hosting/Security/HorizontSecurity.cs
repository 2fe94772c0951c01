using System.Security.Cryptography.X509Certificates;
using Horizont.Hosting.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Security;

/// <summary>
/// Sign-in and the web's usual protections for every Horizont process (docs/security.md):
/// <list type="bullet">
/// <item>staff: cookie session from an OpenID Connect sign-in (pages); JSON APIs: the identity provider's bearer
/// tokens or <c>Authorization: ApiKey …</c>, never the cookie, so a cross-site form post carries no authority;</item>
/// <item>every endpoint needs a signed-in principal unless it says otherwise (health only);</item>
/// <item>antiforgery for cookie-authenticated changes, host filtering, HSTS and HTTPS redirection outside
/// Development, security headers, DataProtection keys in the security store (encrypted with a certificate when configured).</item>
/// </list>
/// </summary>
public static class HorizontSecurity
{
    /// <summary>Chooses by the Authorization header: ApiKey, Bearer, else the cookie.</summary>
    public const string DefaultScheme = "Horizont";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string OpenIdConnectScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    public const string ApiKeyScheme = ApiKeyAuthenticationHandler.SchemeName;

    public const string SessionCookie = "Horizont.Session";

    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>POST here (a form with the antiforgery token) to sign out.</summary>
    public const string SignOutPath = "/signout";

    /// <summary>The answer to a form posted without a valid antiforgery token, on a page endpoint and a component page alike.</summary>
    private const string StaleFormTitle = "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie die Seite neu.";

    /// <summary>
    /// Registers sign-in. Called by <see cref="HorizontHost.BuildAsync"/> after every service (and the embedded
    /// identity provider, which sets <c>Security:Authority</c>) has been added, so the configuration is complete.
    /// </summary>
    public static void AddHorizontSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddHorizontDatabase<SecurityDbContext, PostgresSecurityDbContext>(
            configuration, SecurityConnectionName(configuration, services.StoreConnectionNames()), "horizont-security.db", "__SecurityMigrationsHistory");
        services.AddScoped<ApiKeyStore>();
        services.AddScoped<AuditTrail>();

        var hasAuthority = !string.IsNullOrWhiteSpace(configuration[$"{SecurityOptions.Section}:{nameof(SecurityOptions.Authority)}"]);
        var authentication = services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, null, o => o.ForwardDefaultSelector = SchemeOf)
            .AddCookie(CookieScheme)
            .AddJwtBearer(BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<SecurityOptions>>((o, security) => ConfigureCookie(o, security.Value, hasAuthority));
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<IOptions<SecurityOptions>>((o, security) => ConfigureBearer(o, security.Value));
        if (hasAuthority)
        {
            // Registered only with an identity provider: the handler refuses to start without one.
            authentication.AddOpenIdConnect(OpenIdConnectScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectScheme).Configure<IOptions<SecurityOptions>>((o, security) => ConfigureOpenIdConnect(o, security.Value));
        }

        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder(DefaultScheme).RequireAuthenticatedUser().Build());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "Horizont.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = AntiforgeryField;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        var dataProtection = services.AddDataProtection().SetApplicationName("Horizont").PersistKeysToDbContext<SecurityDbContext>();
        var certificate = configuration[$"{SecurityOptions.Section}:{nameof(SecurityOptions.DataProtectionCertificatePath)}"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            var password = configuration[$"{SecurityOptions.Section}:{nameof(SecurityOptions.DataProtectionCertificatePassword)}"];
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, password));
        }
        else if (!builder.Environment.IsDevelopment())
        {
            services.AddStartupNote(_ =>
                "Security: DataProtection keys (sessions, antiforgery) are stored in the security store without encryption; "
                + "set Security__DataProtectionCertificatePath (PKCS#12) in production, see docs/security.md.");
        }

        if (!hasAuthority)
        {
            services.AddStartupNote(_ =>
                "Security: no identity provider (Security__Authority) is configured: staff cannot sign in, only API keys get in. "
                + "Create one with: keys create --name NAME --agency AGENCY --role ROLE");
        }

        services.ConfigureAll<OpenApiOptions>(o => o.AddDocumentTransformer<OpenApiSecurity>());
        services.AddHorizontRoutes(routes =>
        {
            routes.MapAdministration();
            routes.MapPost(SignOutPath, (Delegate)SignOutAsync).RequirePage().ExcludeFromDescription();
        });
    }

    /// <summary>The middleware, in order: HSTS and HTTPS outside Development, headers, authentication, authorization, antiforgery.</summary>
    public static void UseHorizontSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        var authority = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.Authority;
        var formAction = Uri.TryCreate(authority, UriKind.Absolute, out var issuer) ? $"'self' {issuer.GetLeftPart(UriPartial.Authority)}" : "'self'";
        var policy = $"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action {formAction}";
        app.Use((context, next) =>
        {
            // Set as the answer starts, so that an error answer (the exception handler clears the headers) has them too,
            // and over whatever came before (antiforgery adds X-Frame-Options: SAMEORIGIN).
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = policy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(async (context, next) =>
        {
            // A staff page (Razor component) refuses such a form with a bare 400; the member of staff reads why, in German,
            // as on a RequirePage endpoint. Nothing of the page runs.
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: StaleFormTitle).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>
    /// A JSON API endpoint: API keys and bearer tokens only (a browser's cookie never counts), holding one of
    /// <paramref name="roles"/> (any signed-in principal when none are given).
    /// </summary>
    public static TBuilder RequireApi<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy([ApiKeyScheme, BearerScheme], roles));

    /// <summary>
    /// A staff page or form: the cookie session (sign-in through the identity provider), one of
    /// <paramref name="roles"/>, and for every change (POST, PUT, PATCH, DELETE) a valid antiforgery token.
    /// </summary>
    public static TBuilder RequirePage<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy([CookieScheme], roles)).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method))
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: StaleFormTitle);
            }

            return await next(context);
        });

    /// <summary>
    /// The endpoint belongs to <paramref name="agencyId"/>: a principal of another agency gets 404, as if there were
    /// nothing (so another agency's referral ids reveal nothing).
    /// </summary>
    public static TBuilder ForAgency<TBuilder>(this TBuilder builder, string agencyId)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.HasClaim(HorizontClaims.Agency, agencyId)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nicht gefunden."));

    /// <summary>
    /// Ends the staff session: the cookie, and at the identity provider too when there is one (its end-session
    /// endpoint, then back to the start page). A form POST with the antiforgery token, so no other site can sign a user out.
    /// </summary>
    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieScheme);
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(OpenIdConnectScheme) is null)
            return Results.Redirect("/");
        // The handler answers with the redirect to the provider's end-session endpoint.
        await http.SignOutAsync(OpenIdConnectScheme, new AuthenticationProperties { RedirectUri = "/" });
        return Results.Empty;
    }

    /// <summary>The antiforgery token for a form of the current request (hidden field <see cref="AntiforgeryField"/>).</summary>
    public static string AntiforgeryToken(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";

    /// <summary>
    /// <c>ConnectionStrings__Security</c>; on PostgreSQL without it, the database of the process's first service store
    /// (the security tables and their own migrations history sit beside the service's tables).
    /// </summary>
    private static string SecurityConnectionName(IConfiguration configuration, IEnumerable<string> serviceStores)
    {
        const string own = "Security";
        if (HorizontStore.ReadProvider(configuration) != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(own)))
            return own;
        return serviceStores.FirstOrDefault(name => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(name))) ?? own;
    }

    private static AuthorizationPolicy Policy(string[] schemes, string[] roles)
    {
        var policy = new AuthorizationPolicyBuilder(schemes).RequireAuthenticatedUser();
        if (roles.Length > 0)
            policy.RequireRole(roles);
        return policy.Build();
    }

    private static string SchemeOf(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header?.StartsWith(ApiKeyScheme + " ", StringComparison.OrdinalIgnoreCase) == true)
            return ApiKeyScheme;
        if (header?.StartsWith(BearerScheme + " ", StringComparison.OrdinalIgnoreCase) == true)
            return BearerScheme;
        return CookieScheme;
    }

    /// <summary>An API, document or metrics request: answered 401/403, never redirected to a sign-in page.</summary>
    private static bool IsMachineRequest(HttpRequest request) =>
        request.Path.Value is { } path && (path.Contains("/api/", StringComparison.Ordinal) || path.Contains("/openapi/", StringComparison.Ordinal)
            || path.StartsWith("/metrics", StringComparison.Ordinal));

    private static void ConfigureCookie(CookieAuthenticationOptions o, SecurityOptions security, bool hasAuthority)
    {
        o.Cookie.Name = SessionCookie;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = security.SessionIdleTimeout;
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context =>
        {
            if (hasAuthority && !IsMachineRequest(context.Request) && HttpMethods.IsGet(context.Request.Method))
            {
                var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                return context.HttpContext.ChallengeAsync(OpenIdConnectScheme, new AuthenticationProperties { RedirectUri = back });
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            if (IsMachineRequest(context.Request))
                return Task.CompletedTask;
            // A member of staff in a browser reads why, in German, and who is signed in.
            context.Response.ContentType = "text/html; charset=utf-8";
            var name = System.Net.WebUtility.HtmlEncode(StaffActor.Of(context.HttpContext.User));
            return context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Keine Berechtigung</title></head><body>"
                + "<h1>Keine Berechtigung</h1><p>Sie sind als <strong>" + name + "</strong> angemeldet. Ihre Rolle erlaubt diese Seite "
                + "oder diesen Schritt nicht. Wenden Sie sich an die Administration Ihrer Stelle, wenn Sie ihn brauchen.</p></body></html>");
        };
    }

    private static void ConfigureBearer(JwtBearerOptions o, SecurityOptions security)
    {
        o.MapInboundClaims = false;
        if (security.HasAuthority)
        {
            o.Authority = security.Authority;
            o.Audience = security.Audience;
            o.RequireHttpsMetadata = security.RequireHttpsMetadata;
        }

        o.TokenValidationParameters.NameClaimType = HorizontClaims.Name;
        o.TokenValidationParameters.RoleClaimType = HorizontClaims.Role;
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.Principal = ExternalClaims.ToHorizont(context.Principal!, security, BearerScheme);
                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, SecurityOptions security)
    {
        o.Authority = security.Authority;
        o.ClientId = security.ClientId;
        if (!string.IsNullOrEmpty(security.ClientSecret))
            o.ClientSecret = security.ClientSecret;
        o.RequireHttpsMetadata = security.RequireHttpsMetadata;
        o.SignInScheme = CookieScheme;
        o.ResponseType = "code";
        o.UsePkce = true;
        // The answer comes back as a top-level GET, so SameSite=Lax cookies (correlation, nonce) come along, also over
        // plain http on a developer's machine (form_post would need SameSite=None, which browsers refuse without https).
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.Scope.Clear();
        foreach (var scope in security.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            o.Scope.Add(scope);
        o.TokenValidationParameters.NameClaimType = HorizontClaims.Name;
        o.TokenValidationParameters.RoleClaimType = HorizontClaims.Role;
        o.Events.OnTokenValidated = context =>
        {
            context.Principal = ExternalClaims.ToHorizont(context.Principal!, security, OpenIdConnectScheme);
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("Die Anmeldung ist fehlgeschlagen. Bitte öffnen Sie die Seite erneut und melden Sie sich noch einmal an.");
        };
    }
}
