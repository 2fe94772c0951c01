using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Security;

/// <summary>
/// A machine's key (the Jugendamt's case system, <c>horizont-ops</c>, Prometheus), bound to one agency and one role.
/// Only a salted hash of the secret is stored; the key itself is shown once, when it is created.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 60;

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string AgencyId { get; set; }

    public required string Role { get; set; }

    public required byte[] Salt { get; set; }

    /// <summary>HMAC-SHA256 of the key's secret under <see cref="Salt"/>.</summary>
    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>What an administrator sees of a key: never the secret or its hash.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string AgencyId, string Role, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyView Of(ApiKey key) =>
        new(key.Id, key.Name, key.AgencyId, key.Role, key.CreatedAt, key.CreatedBy, key.RevokedAt, key.RevokedBy, key.LastUsedAt);
}

/// <summary>A new key: <see cref="Secret"/> is the whole key to hand over, shown this once.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>Creates, lists, revokes and checks API keys (<c>hzk_{id}_{secret}</c>).</summary>
public sealed partial class ApiKeyStore(SecurityDbContext db, TimeProvider time)
{
    public const string Prefix = "hzk_";

    /// <summary>
    /// Creates a key. Errors (German, for the administrator) name the field and the rule; the name must be unique.
    /// </summary>
    public async Task<(CreatedApiKey? Created, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(
        string? name, string? agencyId, string? role, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ApiKey.MaxNameLength || !NamePattern().IsMatch(name))
            errors["name"] = [$"Der Name ist Pflicht: 1 bis {ApiKey.MaxNameLength} Zeichen, Buchstaben, Ziffern, Punkt, Binde- und Unterstrich."];
        else if (await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
            errors["name"] = ["Ein Schlüssel mit diesem Namen besteht bereits."];
        if (string.IsNullOrWhiteSpace(agencyId) || !AgencyPattern().IsMatch(agencyId))
            errors["agency"] = ["Die Stelle (Kennung wie horizont-ev) ist Pflicht: Kleinbuchstaben, Ziffern und Bindestriche."];
        var known = HorizontRoles.Find(role);
        if (known is null)
            errors["role"] = [$"Die Rolle ist Pflicht; zulässig: {string.Join(", ", HorizontRoles.All)}."];
        if (errors.Count > 0)
            return (null, errors);

        var id = Guid.NewGuid();
        var secret = RandomNumberGenerator.GetBytes(32);
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = new ApiKey
        {
            Id = id,
            Name = name!,
            AgencyId = agencyId!,
            Role = known!,
            Salt = salt,
            Hash = HashOf(salt, secret),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedApiKey(ApiKeyView.Of(key), $"{Prefix}{id:N}_{Base64Url(secret)}"), errors);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(k => k.RevokedAt.HasValue).ThenBy(k => k.Name, StringComparer.Ordinal).Select(ApiKeyView.Of).ToList();

    /// <summary>Revokes a key by id or name; false when there is no such key. Revoking twice keeps the first revocation.</summary>
    public async Task<ApiKeyView?> RevokeAsync(string idOrName, string revokedBy, CancellationToken cancellationToken)
    {
        var key = Guid.TryParse(idOrName, out var id)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            : await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == idOrName, cancellationToken);
        if (key is null)
            return null;
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            key.RevokedBy = revokedBy;
            await db.SaveChangesAsync(cancellationToken);
        }

        return ApiKeyView.Of(key);
    }

    /// <summary>The key a presented value stands for, when it is well formed, known, not revoked and its secret matches.</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        var match = KeyPattern().Match(presented.Trim());
        if (!match.Success || !Guid.TryParseExact(match.Groups["id"].Value, "N", out var id))
            return null;
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(FromBase64Url(match.Groups["secret"].Value));
        }
        catch (FormatException)
        {
            return null;
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || key.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(HashOf(key.Salt, secret), key.Hash))
            return null;

        var now = time.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return key;
    }

    private static byte[] HashOf(byte[] salt, byte[] secret) => HMACSHA256.HashData(salt, secret);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - (padded.Length % 4)) % 4);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex AgencyPattern();

    [GeneratedRegex("^hzk_(?<id>[0-9a-f]{32})_(?<secret>[A-Za-z0-9_-]{43})$")]
    private static partial Regex KeyPattern();
}

/// <summary><c>Authorization: ApiKey hzk_…</c>: a principal with the key's name, agency and role.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        var key = await keys.VerifyAsync(header[(SchemeName.Length + 1)..], Context.RequestAborted);
        if (key is null)
            return AuthenticateResult.Fail("The API key is unknown, revoked or malformed.");

        var identity = new ClaimsIdentity(
            [
                new Claim(HorizontClaims.Name, key.Name),
                new Claim(HorizontClaims.Role, key.Role),
                new Claim(HorizontClaims.Agency, key.AgencyId),
                new Claim(HorizontClaims.Kind, HorizontClaims.KindKey),
            ],
            SchemeName, HorizontClaims.Name, HorizontClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }
}

public static class ApiKeyIssuing
{
    /// <summary>
    /// Creates a key in the process's security store and returns it (for a host that sets itself up, and for tests);
    /// throws with the store's German reasons when the name, agency or role is not acceptable.
    /// </summary>
    public static async Task<string> IssueApiKeyAsync(this IServiceProvider services, string name, string agencyId, string role, CancellationToken cancellationToken = default)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ApiKeyStore>();
        var (created, errors) = await store.CreateAsync(name, agencyId, role, "setup", cancellationToken);
        return created?.Secret ?? throw new InvalidOperationException(string.Join(" ", errors.SelectMany(e => e.Value)));
    }
}
