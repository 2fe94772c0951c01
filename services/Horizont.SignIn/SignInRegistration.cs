using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.Hosting.Partners;
using Horizont.Hosting.Security;
using Horizont.SignIn.Data;
using Horizont.SignIn.Data.Postgres;
using Horizont.SignIn.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Horizont.SignIn;

public static class SignInRegistration
{
    /// <summary>The store's connection string name (<c>ConnectionStrings__SignIn</c>) and its SQLite file.</summary>
    public const string ConnectionName = "SignIn";
    public const string DefaultFileName = "horizont-signin.db";

    /// <summary>
    /// The embedded OpenID Connect provider with local accounts, for a Horizont host without an external identity
    /// provider: its store (accounts, roles, OpenIddict's applications and tokens), persistent keys, the sign-in
    /// pages under <c>/account/</c>, the protocol endpoints under <c>/connect/</c>, the initial accounts, and the
    /// core's <see cref="SecurityOptions"/> pointed at it. Registers nothing when it is not active: with
    /// <c>Security:Authority</c> set, or when <c>Security:LocalProvider:Enabled</c> is false (or unset and
    /// <paramref name="onByDefault"/> is false, as in a separate service process).
    /// </summary>
    public static WebApplicationBuilder AddLocalSignIn(this WebApplicationBuilder builder, bool onByDefault = false)
    {
        var configuration = builder.Configuration;
        if (!LocalSignInSettings.IsActive(configuration, onByDefault))
            return builder;

        var jugendamt = AgencyIdentity.Resolve(configuration, "Jugendamt", AgencyKind.Jugendamt, "ja-nordhausen");
        var provider = AgencyIdentity.Resolve(configuration, "Provider", AgencyKind.Provider, "horizont-ev");
        var defaults = new SecurityOptions();
        var settings = new LocalSignInSettings(
            LocalSignInSettings.ReadPublicUrl(configuration, builder.Environment),
            defaults.ClientId,
            defaults.Audience,
            InitialAccounts.For(jugendamt.Id, provider.Id));

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddStore(HorizontStore.Connection(configuration, ConnectionName, DefaultFileName));
        services.AddSingleton<IDatabaseMigrator, SignInStore>();
        services.AddHostedService<SignInPruning>();
        services.AddHealthChecks().AddDatabaseCheck<SignInDbContext>();
        services.AddScoped<InitialAccounts>();
        services.AddAccounts();
        services.AddProvider(settings);
        services.AddAntiforgery();

        // The core signs staff in against this provider, as it would against an external one. The authority also goes
        // into the configuration: the core registers its OpenID Connect handler only when one is configured.
        configuration.AddInMemoryCollection([new(LocalSignInSettings.AuthorityKey, settings.PublicUrlText)]);
        services.PostConfigure<SecurityOptions>(o =>
        {
            o.Authority = settings.PublicUrlText;
            o.RequireHttpsMetadata = settings.PublicUrl.Scheme == Uri.UriSchemeHttps;
            o.ClientId = settings.ClientId;
            o.ClientSecret = null;
            o.Audience = settings.Audience;
            o.RoleClaim = Claims.Role;
            o.AgencyClaim = LocalClaims.Agency;
            o.NameClaim = Claims.PreferredUsername;
        });

        services.AddStartupNote(sp => Note(settings, sp.GetRequiredService<IOptions<HorizontOptions>>().Value));
        services.AddHorizontRoutes(routes =>
        {
            routes.MapAccountPages();
            routes.MapConnectEndpoints();
        });
        return builder;
    }

    private static void AddStore(this IServiceCollection services, (DatabaseProvider Provider, string ConnectionString) store)
    {
        if (store.Provider == DatabaseProvider.Postgres)
            services.AddDbContext<SignInDbContext, PostgresSignInDbContext>((sp, o) =>
                o.UseNpgsql(PostgresConnections.ForStore(store.ConnectionString, sp.GetRequiredService<IHostEnvironment>())));
        else
            services.AddDbContext<SignInDbContext>(o => o.UseSqlite(store.ConnectionString));
    }

    private static void AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<LocalAccount>(o =>
            {
                // Length over composition rules (NIST SP 800-63B); the one-time passwords are 20 random characters.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = AccountPages.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = AccountPages.LockoutDuration;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SignInDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<GermanIdentityErrors>();

        services.AddAuthentication()
            .AddCookie(LocalSession.Scheme, o =>
            {
                o.Cookie.Name = "Horizont.SignIn";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.LoginPath = AccountPages.LoginPath;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
            })
            .AddCookie(LocalSession.PasswordChangeScheme, o =>
            {
                o.Cookie.Name = "Horizont.SignIn.NewPassword";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
                o.Cookie.Path = AccountPages.PasswordPath;
                o.LoginPath = AccountPages.LoginPath;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
            });
    }

    private static void AddProvider(this IServiceCollection services, LocalSignInSettings settings)
    {
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<SignInDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(settings.PublicUrl);
                o.SetAuthorizationEndpointUris(ConnectEndpoints.Authorize)
                    .SetTokenEndpointUris(ConnectEndpoints.Token)
                    .SetEndSessionEndpointUris(ConnectEndpoints.EndSession)
                    .SetUserInfoEndpointUris(ConnectEndpoints.UserInfo);
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Profile, Scopes.Roles);
                o.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Role, LocalClaims.Agency);
                o.RegisterAudiences(settings.Audience);
                // The core validates access tokens as plain signed JWTs (JwtBearer), which cannot decrypt.
                o.DisableAccessTokenEncryption();
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                if (settings.PublicUrl.Scheme == Uri.UriSchemeHttp)
                    aspNetCore.DisableTransportSecurityRequirement(); // loopback or Development only (checked in ReadPublicUrl)
            });
        services.AddOptions<OpenIddictServerOptions>()
            .Configure<IOptions<HorizontOptions>>((o, horizont) => SigningKeys.AddTo(o, horizont.Value.DataDirectoryFullPath));
    }

    private static string Note(LocalSignInSettings settings, HorizontOptions horizont)
    {
        var file = Path.Combine(PrivateFiles.Folder(horizont.DataDirectoryFullPath), InitialAccounts.FileName);
        var signIn = $"Local sign-in (embedded OpenID Connect provider) at {settings.PublicUrlText}{AccountPages.LoginPath}";
        return File.Exists(file)
            ? $"{signIn}; the one-time passwords of the initial accounts are in {file} (readable only by this user), and each account sets its own password at its first sign-in"
            : signIn;
    }
}
