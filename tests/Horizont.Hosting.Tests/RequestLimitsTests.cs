using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Hosting.Tests;

/// <summary>A process under more load than it serves makes requests wait, refuses those beyond its queue with 503, and still reports its health.</summary>
public sealed class RequestLimitsTests
{
    [Fact]
    public async Task A_request_beyond_the_limit_and_the_queue_is_refused_with_503_retry_after_and_a_german_reason_while_health_still_answers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(maxConcurrent: 1, queue: 0, async () =>
        {
            entered.TrySetResult();
            await release.Task;
        });
        using var client = app.GetTestClient();

        var first = client.GetAsync("/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var refused = await client.GetAsync("/slow");
        using var health = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(RequestLimits.BusyTitle, problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        release.SetResult();
        using var done = await first;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var again = await client.GetAsync("/slow");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_request_within_the_queue_waits_for_its_turn_instead_of_being_refused()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var app = await StartAsync(maxConcurrent: 1, queue: 1, async () =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                await release.Task;
        });
        using var client = app.GetTestClient();

        var first = client.GetAsync("/slow");
        await WaitUntilAsync(() => Volatile.Read(ref calls) == 1);
        var second = client.GetAsync("/slow");
        await Task.Delay(200);
        Assert.False(second.IsCompleted, "the queued request is answered only after the first");
        Assert.Equal(1, Volatile.Read(ref calls));

        release.SetResult();
        using var firstAnswer = await first;
        using var secondAnswer = await second;
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondAnswer.StatusCode);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void A_limit_below_one_is_refused_at_start_naming_the_setting()
    {
        var builder = HorizontHost.CreateBuilder(["--Http:MaxConcurrentRequests=0"]);
        builder.WebHost.UseTestServer();

        var error = Assert.ThrowsAny<Exception>(() => builder.Build().Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLimitOptions>>().Value);
        Assert.Contains(nameof(RequestLimitOptions.MaxConcurrentRequests), error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(int maxConcurrent, int queue, Func<Task> work)
    {
        var directory = Path.Combine(Path.GetTempPath(), "horizont-limits-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = HorizontHost.CreateBuilder([$"--Horizont:DataDirectory={directory}", $"--Http:MaxConcurrentRequests={maxConcurrent}", $"--Http:RequestQueueLimit={queue}"]);
        builder.WebHost.UseTestServer();
        builder.Services.AddHorizontRoutes(routes => routes.MapGet("/slow", async () =>
        {
            await work();
            return Results.Ok();
        }).AllowAnonymous());
        var app = await HorizontHost.BuildAsync(builder);
        await app.StartAsync();
        return app;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition());
    }
}
