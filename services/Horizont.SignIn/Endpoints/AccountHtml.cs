using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace Horizont.SignIn.Endpoints;

/// <summary>
/// The sign-in pages as plain server-rendered HTML: German, labelled fields, errors announced to screen
/// readers, no script and no inline style (so a strict content security policy fits).
/// </summary>
internal static class AccountHtml
{
    public static string Login(string action, AntiforgeryTokenSet tokens, string returnUrl, string userName, string? error) =>
        Page("Anmelden", error, $"""
            <form method="post" action="{Encode(action)}">
            {Hidden(tokens.FormFieldName, tokens.RequestToken!)}
            {Hidden("ReturnUrl", returnUrl)}
            <p><label for="benutzername">Benutzername</label><br>
            <input id="benutzername" name="UserName" autocomplete="username" required value="{Encode(userName)}"{Invalid(error)}></p>
            <p><label for="passwort">Passwort</label><br>
            <input id="passwort" name="Password" type="password" autocomplete="current-password" required{Invalid(error)}></p>
            <p><button type="submit">Anmelden</button></p>
            </form>
            """);

    public static string NewPassword(string action, AntiforgeryTokenSet tokens, string returnUrl, int minimumLength, string? error) =>
        Page("Neues Passwort festlegen", error, $"""
            <p>Das Einmalpasswort gilt nur für die erste Anmeldung. Bitte legen Sie jetzt ein eigenes Passwort fest
            (mindestens {minimumLength} Zeichen); danach sind Sie angemeldet.</p>
            <form method="post" action="{Encode(action)}">
            {Hidden(tokens.FormFieldName, tokens.RequestToken!)}
            {Hidden("ReturnUrl", returnUrl)}
            <p><label for="neues-passwort">Neues Passwort</label><br>
            <input id="neues-passwort" name="NewPassword" type="password" autocomplete="new-password" required minlength="{minimumLength}"{Invalid(error)}></p>
            <p><label for="wiederholung">Neues Passwort wiederholen</label><br>
            <input id="wiederholung" name="ConfirmPassword" type="password" autocomplete="new-password" required minlength="{minimumLength}"{Invalid(error)}></p>
            <p><button type="submit">Passwort speichern</button></p>
            </form>
            """);

    public static string Refused(string message, string loginUrl) =>
        Page("Anmeldung nicht möglich", message, $"""<p><a href="{Encode(loginUrl)}">Zur Anmeldung</a></p>""");

    private static string Page(string title, string? error, string body)
    {
        var alert = error is null ? "" : $"""<p id="fehler" role="alert">{Encode(error)}</p>""";
        return $"""
            <!DOCTYPE html>
            <html lang="de">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} – Horizont</title>
            </head>
            <body>
            <main>
            <h1>{Encode(title)}</h1>
            {alert}
            {body}
            </main>
            </body>
            </html>

            """;
    }

    private static string Hidden(string name, string value) =>
        $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    private static string Invalid(string? error) =>
        error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"fehler\"";

    // Umlauts stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Encoder.Encode(text);
}
