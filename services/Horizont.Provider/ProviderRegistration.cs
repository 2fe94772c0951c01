namespace Horizont.Provider;

public static class ProviderRegistration
{
    /// <summary>Everything the Provider side adds to a Horizont host.</summary>
    public static WebApplicationBuilder AddProvider(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
