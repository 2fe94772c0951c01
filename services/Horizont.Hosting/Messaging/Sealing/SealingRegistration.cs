using Horizont.Hosting.Partners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Messaging.Sealing;

public static class SealingRegistration
{
    /// <summary>
    /// Registers the key ring (files under the data directory and configured keys) and the sealer; on the in-memory
    /// transport, unless switched off, the keys of every Jugendamt–provider pair are created at start when missing.
    /// </summary>
    public static IServiceCollection AddFieldSealing(this IServiceCollection services, TransportKind transport, bool? createMissingKeys)
    {
        services.AddOptions<SealingOptions>().BindConfiguration(SealingOptions.Section);
        services.AddSingleton(sp =>
        {
            var sealing = sp.GetRequiredService<IOptionsMonitor<SealingOptions>>();
            var dataDirectory = sp.GetRequiredService<IOptions<HorizontOptions>>().Value.DataDirectoryFullPath;
            return new PartnerKeyRing(Path.Combine(dataDirectory, sealing.CurrentValue.KeyDirectory), () => sealing.CurrentValue.Keys,
                sp.GetRequiredService<ILogger<PartnerKeyRing>>());
        });
        services.AddSingleton<FieldSealer>();
        // One process hosts every agency only on the in-memory transport; elsewhere the partners' keys come from operators.
        if (createMissingKeys ?? transport == TransportKind.InMemory)
            services.AddHostedService<MissingKeyCreator>();
        return services;
    }
}

/// <summary>Creates, at start, a key for every Jugendamt–provider pair of the partner directory that has none.</summary>
internal sealed class MissingKeyCreator(PartnerKeyRing keys, PartnerDirectory partners, TimeProvider time, ILogger<MissingKeyCreator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var providers = partners.All.Where(p => p.Kind == AgencyKind.Provider).ToList();
        foreach (var jugendamt in partners.All.Where(p => p.Kind == AgencyKind.Jugendamt))
        {
            foreach (var provider in providers.Where(p => keys.Current(jugendamt.Id, p.Id) is null))
            {
                var key = keys.Create(jugendamt.Id, provider.Id, time.GetUtcNow());
                logger.LogInformation("Created key {KeyId} for {Pair} in {Directory}", key.Id, key.Pair, keys.Directory);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
