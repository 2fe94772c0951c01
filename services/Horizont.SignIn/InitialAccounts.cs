using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Horizont.SignIn.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Horizont.SignIn;

/// <summary>One account the first start creates: its user name, its Horizont role and whose agency it acts for.</summary>
internal sealed record InitialAccount(string UserName, string Role, string DisplayName, string AgencyId);

/// <summary>
/// At the first start (no account exists yet) creates one account per Horizont role with a random one-time
/// password and writes the passwords to <see cref="FileName"/> under <c>{DataDirectory}/signin/</c>,
/// readable only by the service user. There is no fixed default password: each start of a fresh store
/// draws new ones, and each account must set its own password at its first sign-in.
/// </summary>
internal sealed class InitialAccounts(UserManager<LocalAccount> users, RoleManager<IdentityRole> roles, SignInDbContext db, TimeProvider time)
{
    public const string FileName = "initial-passwords.txt";

    // Letters and digits without look-alikes (0/O, 1/l/I): read off a file and typed in once.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const int PasswordLength = 20;

    public static IReadOnlyList<InitialAccount> For(string jugendamtId, string providerId) =>
    [
        new("jugendamt", "JugendamtCasework", "Jugendamt, Jugendhilfe im Strafverfahren", jugendamtId),
        new("eingang", "ProviderIntake", "Träger, Eingang", providerId),
        new("fallarbeit", "ProviderCasework", "Träger, Fallarbeit", providerId),
        new("teamleitung", "ProviderTeamLead", "Träger, Teamleitung", providerId),
        new("betrieb", "Operations", "Betrieb", providerId),
        new("admin", "Administrator", "Administration", providerId),
    ];

    /// <summary>Creates the accounts and the password file unless any account exists; returns whether it did.</summary>
    public async Task<bool> CreateOnceAsync(IReadOnlyList<InitialAccount> accounts, string folder, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
            return false;

        var path = Path.Combine(folder, FileName);
        var passwords = accounts.ToDictionary(a => a.UserName, _ => RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var account in accounts)
        {
            if (!await roles.RoleExistsAsync(account.Role))
                Check(await roles.CreateAsync(new IdentityRole(account.Role)), account.Role);
            var user = new LocalAccount
            {
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                AgencyId = account.AgencyId,
                MustChangePassword = true,
                LockoutEnabled = true,
            };
            Check(await users.CreateAsync(user, passwords[account.UserName]), account.UserName);
            Check(await users.AddToRoleAsync(user, account.Role), account.UserName);
        }

        // A file left by a start that failed before its commit names accounts that do not exist: replace it.
        File.Delete(path);
        PrivateFiles.Create(path, Describe(accounts, passwords));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private string Describe(IReadOnlyList<InitialAccount> accounts, Dictionary<string, string> passwords)
    {
        var text = new StringBuilder();
        text.AppendLine("# Horizont: Einmalpasswörter der ersten Konten (lokale Anmeldung)");
        text.AppendLine(CultureInfo.InvariantCulture, $"# Erstellt {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC; nur für den Dienstbenutzer lesbar.");
        text.AppendLine("# Jedes Einmalpasswort gilt nur für die erste Anmeldung: danach legt das Konto ein eigenes Passwort fest.");
        text.AppendLine("# Sobald alle Konten ihr Passwort geändert haben, kann diese Datei gelöscht werden.");
        text.AppendLine("# Benutzername\tRolle\tBehörde/Träger\tEinmalpasswort");
        foreach (var account in accounts)
            text.AppendLine(CultureInfo.InvariantCulture, $"{account.UserName}\t{account.Role}\t{account.AgencyId}\t{passwords[account.UserName]}");
        return text.ToString();
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Creating the initial account or role '{what}' failed: {string.Join(" ", result.Errors.Select(e => e.Code))}");
    }
}
