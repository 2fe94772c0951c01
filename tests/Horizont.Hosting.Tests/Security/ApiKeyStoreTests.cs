using System.Text;
using Horizont.Hosting.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Hosting.Tests.Security;

/// <summary>API keys: only a salted hash is kept, the secret is shown once, and bad input is refused by field.</summary>
public sealed class ApiKeyStoreTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_new_key_has_the_documented_form_and_verifies()
    {
        var created = await CreateAsync("ja.fallsystem", "ja-nordhausen", "jugendamtcasework");

        Assert.Matches("^hzk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", created.Secret);
        Assert.Equal(HorizontRoles.JugendamtCasework, created.Key.Role);
        var verified = await _host.WithStoreAsync(db => Store(db).VerifyAsync(created.Secret, CancellationToken.None));
        Assert.Equal(created.Key.Id, verified?.Id);
    }

    [Fact]
    public async Task The_database_file_holds_neither_the_key_nor_its_secret()
    {
        var created = await CreateAsync("ja.fallsystem", "ja-nordhausen", HorizontRoles.JugendamtCasework);
        var secret = Convert.FromBase64String(FromBase64Url(created.Secret[^43..]));

        var stored = await _host.WithStoreAsync(db => db.ApiKeys.AsNoTracking().SingleAsync());
        Assert.False(stored.Hash.AsSpan().SequenceEqual(secret));
        Assert.Equal(32, stored.Hash.Length);
        Assert.Equal(16, stored.Salt.Length);

        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(_host.Directory, "horizont-security.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(created.Secret[^43..])));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(created.Secret)));
        }
    }

    [Fact]
    public async Task Two_keys_with_one_secret_would_still_hash_differently_because_each_has_its_own_salt()
    {
        await CreateAsync("erster", "horizont-ev", HorizontRoles.Operations);
        await CreateAsync("zweiter", "horizont-ev", HorizontRoles.Operations);

        var salts = await _host.WithStoreAsync(db => db.ApiKeys.AsNoTracking().Select(k => k.Salt).ToListAsync());

        Assert.False(salts[0].AsSpan().SequenceEqual(salts[1]));
    }

    [Fact]
    public async Task A_listing_shows_names_and_roles_but_no_secret_or_hash()
    {
        var created = await CreateAsync("ja.fallsystem", "ja-nordhausen", HorizontRoles.JugendamtCasework);

        var listed = Assert.Single(await _host.WithStoreAsync(db => Store(db).ListAsync(CancellationToken.None)));

        Assert.Equal("ja.fallsystem", listed.Name);
        var properties = typeof(ApiKeyView).GetProperties().Select(p => p.Name).ToList();
        Assert.DoesNotContain("Hash", properties);
        Assert.DoesNotContain("Salt", properties);
        Assert.DoesNotContain("Secret", properties);
        Assert.DoesNotContain(created.Secret[^43..], listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_key_with_the_same_name_is_refused_naming_the_field()
    {
        await CreateAsync("ja.fallsystem", "ja-nordhausen", HorizontRoles.JugendamtCasework);

        var errors = await ErrorsAsync("ja.fallsystem", "ja-nordhausen", HorizontRoles.JugendamtCasework);

        Assert.Equal(["name"], errors.Keys);
        Assert.Contains("Namen", errors["name"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mit leerzeichen")]
    [InlineData("<script>")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901")]
    public async Task A_bad_name_is_refused_naming_the_field(string name)
    {
        var errors = await ErrorsAsync(name, "horizont-ev", HorizontRoles.Operations);

        Assert.Equal(["name"], errors.Keys);
        Assert.Contains("Name", errors["name"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Chef")]
    [InlineData("Administrator;Operations")]
    public async Task A_bad_role_is_refused_naming_the_field_and_the_allowed_roles(string? role)
    {
        var errors = await ErrorsAsync("ja.fallsystem", "horizont-ev", role);

        Assert.Equal(["role"], errors.Keys);
        Assert.Contains("Rolle", errors["role"][0], StringComparison.Ordinal);
        Assert.Contains(HorizontRoles.Administrator, errors["role"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Horizont e.V.")]
    [InlineData("HORIZONT-EV")]
    [InlineData("-x")]
    public async Task A_bad_agency_is_refused_naming_the_field(string? agency)
    {
        var errors = await ErrorsAsync("ja.fallsystem", agency, HorizontRoles.Operations);

        Assert.Equal(["agency"], errors.Keys);
        Assert.Contains("Stelle", errors["agency"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_revocation_and_an_unknown_key_is_null()
    {
        await CreateAsync("ja.fallsystem", "ja-nordhausen", HorizontRoles.JugendamtCasework);

        var first = await _host.WithStoreAsync(db => Store(db).RevokeAsync("ja.fallsystem", "erste", CancellationToken.None));
        var second = await _host.WithStoreAsync(db => Store(db).RevokeAsync(first!.Id.ToString(), "zweite", CancellationToken.None));
        var unknown = await _host.WithStoreAsync(db => Store(db).RevokeAsync("gibt-es-nicht", "x", CancellationToken.None));

        Assert.Equal("erste", second?.RevokedBy);
        Assert.Equal(first!.RevokedAt, second!.RevokedAt);
        Assert.Null(unknown);
    }

    private static ApiKeyStore Store(SecurityDbContext db) => new(db, TimeProvider.System);

    private async Task<CreatedApiKey> CreateAsync(string name, string agency, string role)
    {
        var (created, errors) = await _host.WithStoreAsync(db => Store(db).CreateAsync(name, agency, role, "test", CancellationToken.None));
        Assert.Empty(errors);
        return created!;
    }

    private async Task<IReadOnlyDictionary<string, string[]>> ErrorsAsync(string? name, string? agency, string? role)
    {
        var (created, errors) = await _host.WithStoreAsync(db => Store(db).CreateAsync(name, agency, role, "test", CancellationToken.None));
        Assert.Null(created);
        return errors;
    }

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - (padded.Length % 4)) % 4);
    }
}
