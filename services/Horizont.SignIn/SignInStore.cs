using Horizont.Hosting;
using Horizont.Hosting.Data;
using Horizont.SignIn.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace Horizont.SignIn;

/// <summary>
/// Before the host starts: brings the sign-in store to its latest migration, registers (or updates) the
/// client application and, on a fresh store, creates the initial accounts.
/// </summary>
internal sealed class SignInStore(
    IServiceScopeFactory scopes, LocalSignInSettings settings, IOptions<HorizontOptions> horizont, IOptionsMonitor<OpenIddictServerOptions> server)
    : IDatabaseMigrator
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Reads (or at the first start creates) the keys now, so a key file that cannot be read stops the start.
        _ = server.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        await HorizontStore.MigrateAsync(scope.ServiceProvider.GetRequiredService<SignInDbContext>(), cancellationToken);
        await ClientApplication.RegisterAsync(
            scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), settings.ClientId, settings.PublicUrl, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<InitialAccounts>()
            .CreateOnceAsync(settings.Accounts, PrivateFiles.Folder(horizont.Value.DataDirectoryFullPath), cancellationToken);
    }
}
