using Horizont.Hosting.Messaging;
using Horizont.Hosting.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Horizont.Hosting.Tests;

/// <summary>The retention sweep that runs every side's retention tasks (ADR 0012).</summary>
public sealed class RetentionSweepTests
{
    [Fact]
    public async Task A_failing_task_does_not_keep_the_others_from_running_and_is_tried_again_next_time()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddOptions<MessagingOptions>();
        services.AddSingleton<Failing>();
        services.AddSingleton<Counting>();
        services.AddRetentionTask<FailingTask>();
        services.AddRetentionTask<CountingTask>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var sweep = provider.GetRequiredService<RetentionSweep>();

        var first = await sweep.RunAllAsync(CancellationToken.None);
        var second = await sweep.RunAllAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { ["counting"] = 3 }, first);
        Assert.Equal(2, provider.GetRequiredService<Failing>().Runs);
        Assert.Equal(2, provider.GetRequiredService<Counting>().Runs);
        Assert.Equal(3, second["counting"]);
    }

    [Fact]
    public void Both_sides_in_one_host_share_one_sweep()
    {
        var services = new ServiceCollection();
        services.AddRetentionTask<FailingTask>();
        services.AddRetentionTask<CountingTask>();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IRetentionTask)));
    }

    private sealed class Failing
    {
        public int Runs { get; set; }
    }

    private sealed class Counting
    {
        public int Runs { get; set; }
    }

    private sealed class FailingTask(Failing state) : IRetentionTask
    {
        public string Name => "failing";

        public Task<int> RunAsync(CancellationToken cancellationToken)
        {
            state.Runs++;
            throw new InvalidOperationException("the store is away");
        }
    }

    private sealed class CountingTask(Counting state) : IRetentionTask
    {
        public string Name => "counting";

        public Task<int> RunAsync(CancellationToken cancellationToken)
        {
            state.Runs++;
            return Task.FromResult(3);
        }
    }
}
