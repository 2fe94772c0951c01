using Horizont.Hosting.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Tests.Shared;

/// <summary>Runs a host's retention tasks now, as one pass of the retention sweep would (without waiting for its interval).</summary>
internal static class RetentionRuns
{
    /// <summary>How many records or files the tasks erased.</summary>
    public static async Task<int> RunRetentionAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var erased = 0;
        foreach (var task in scope.ServiceProvider.GetServices<IRetentionTask>())
            erased += await task.RunAsync(CancellationToken.None);
        return erased;
    }
}
