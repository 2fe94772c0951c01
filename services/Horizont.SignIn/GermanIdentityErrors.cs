using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace Horizont.SignIn;

/// <summary>The password rules' messages in German, as staff read them when they choose a new password.</summary>
internal sealed class GermanIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = "Das Passwort konnte nicht gespeichert werden. Bitte erneut versuchen." };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "Das Konto wurde gleichzeitig geändert. Bitte erneut versuchen." };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = "Die Passwortänderung ist abgelaufen. Bitte erneut anmelden." };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = string.Create(CultureInfo.InvariantCulture, $"Neues Passwort: mindestens {length} Zeichen.") };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = string.Create(CultureInfo.InvariantCulture, $"Neues Passwort: mindestens {uniqueChars} verschiedene Zeichen.") };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "Neues Passwort: mindestens eine Ziffer." };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "Neues Passwort: mindestens ein Kleinbuchstabe." };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "Neues Passwort: mindestens ein Großbuchstabe." };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Neues Passwort: mindestens ein Sonderzeichen." };
}
