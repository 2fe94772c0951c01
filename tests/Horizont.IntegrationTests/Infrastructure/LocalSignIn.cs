using Microsoft.Playwright;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>Staff signing in at the embedded identity provider's German pages, as a person does at first sign-in.</summary>
public static class LocalSignIn
{
    /// <summary>A new password per run: no password is written down anywhere, tests included.</summary>
    public static string NewPassword() => "Neu-" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15));

    /// <summary>
    /// Signs <paramref name="user"/> in on the sign-in page <paramref name="page"/> shows, with the one-time password from
    /// the data directory <paramref name="dataDirectory"/>, and replaces it with a new password.
    /// </summary>
    public static async Task FirstSignInAsync(IPage page, string dataDirectory, string user)
    {
        var oneTime = File.ReadAllLines(Path.Combine(dataDirectory, "signin", "initial-passwords.txt"))
            .Select(line => line.Split('\t')).Single(fields => fields[0] == user)[3];
        var newPassword = NewPassword();
        Assert.Equal("Anmelden – Horizont", await page.TitleAsync());
        await page.GetByLabel("Benutzername").FillAsync(user);
        await page.GetByLabel("Passwort").FillAsync(oneTime);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Neues Passwort festlegen" }).WaitForAsync();
        await page.GetByLabel("Neues Passwort", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Neues Passwort wiederholen").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Passwort speichern" }).ClickAsync();
    }
}
