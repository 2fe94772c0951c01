using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Horizont.SignIn;

/// <summary>What the embedded provider needs to know at registration time, read once from configuration.</summary>
internal sealed record LocalSignInSettings(Uri PublicUrl, string ClientId, string Audience, IReadOnlyList<InitialAccount> Accounts)
{
    public const string PublicUrlKey = "Security:PublicUrl";
    public const string EnabledKey = "Security:LocalProvider:Enabled";
    public const string AuthorityKey = "Security:Authority";

    /// <summary>
    /// Whether this process runs the embedded provider: never when an external one is configured
    /// (<c>Security:Authority</c>); otherwise as <c>Security:LocalProvider:Enabled</c> says, or
    /// <paramref name="onByDefault"/> when it says nothing. Asking for both fails at start, naming the keys.
    /// </summary>
    public static bool IsActive(IConfiguration configuration, bool onByDefault)
    {
        var enabledText = configuration[EnabledKey];
        bool? enabled = string.IsNullOrWhiteSpace(enabledText) ? null
            : bool.TryParse(enabledText, out var parsed) ? parsed
            : throw new OptionsValidationException(EnabledKey, typeof(bool), [$"'{EnabledKey}' must be true or false."]);
        if (!string.IsNullOrWhiteSpace(configuration[AuthorityKey]))
        {
            if (enabled == true)
                throw new OptionsValidationException(EnabledKey, typeof(bool),
                    [$"'{EnabledKey}' is true while '{AuthorityKey}' names an external identity provider: set only one of them."]);
            return false;
        }

        return enabled ?? onByDefault;
    }

    /// <summary>
    /// The address staff reach this process at: <c>Security:PublicUrl</c>, else the first address it listens on.
    /// Plain http is accepted only on a loopback address or in Development.
    /// </summary>
    public static Uri ReadPublicUrl(IConfiguration configuration, IHostEnvironment environment)
    {
        var text = configuration[PublicUrlKey];
        if (string.IsNullOrWhiteSpace(text))
            text = configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Host is "0.0.0.0" or "[::]" || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new OptionsValidationException(PublicUrlKey, typeof(Uri),
                [$"'{PublicUrlKey}' must be the absolute http(s) address staff use to reach this service (no query, no wildcard host)."]);
        }

        if (url.Scheme == "http" && !url.IsLoopback && !environment.IsDevelopment())
        {
            throw new OptionsValidationException(PublicUrlKey, typeof(Uri),
                [$"'{PublicUrlKey}' must use https unless it is a loopback address or the environment is Development."]);
        }

        return new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>The public address without its trailing slash, as the client and the redirect addresses spell it.</summary>
    public string PublicUrlText => PublicUrl.AbsoluteUri.TrimEnd('/');
}
