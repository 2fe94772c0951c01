using System.Net;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Provider.Tests;

/// <summary>
/// Many members of staff (or many clicks) on one case at once: every request is answered with success or 409 (problem
/// details, German), never 500, and what was answered with success is exactly what the case and the outbox hold.
/// On SQLite (the embedded default) and on PostgreSQL (production, several instances).
/// </summary>
public sealed class ConcurrentStepTests : IAsyncLifetime
{
    private const int Parallel = 20;
    private readonly List<string> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await Postgres.DropDatabaseAsync(database);
    }

    [Fact]
    public Task Twenty_parallel_hours_entries_on_one_case_answer_success_or_conflict_on_sqlite() =>
        ParallelHoursEntriesAsync(settings: null);

    [PostgresFact]
    public async Task Twenty_parallel_hours_entries_on_one_case_answer_success_or_conflict_on_postgres() =>
        await ParallelHoursEntriesAsync(await PostgresSettingsAsync());

    [Fact]
    public Task Twenty_parallel_acceptances_of_one_referral_accept_it_once_on_sqlite() =>
        ParallelAcceptancesAsync(settings: null);

    [PostgresFact]
    public async Task Twenty_parallel_acceptances_of_one_referral_accept_it_once_on_postgres() =>
        await ParallelAcceptancesAsync(await PostgresSettingsAsync());

    /// <summary>The provider on a fresh PostgreSQL database of its own (dropped after the test).</summary>
    private async Task<Dictionary<string, string?>> PostgresSettingsAsync()
    {
        var database = await Postgres.CreateDatabaseAsync("provider_concurrency");
        _databases.Add(database);
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Provider"] = database,
        };
    }

    private static async Task ParallelHoursEntriesAsync(IReadOnlyDictionary<string, string?>? settings)
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, settings);
        var id = await host.PlacedCaseAsync(placementStart: "2026-12-01");

        // Half an hour each on one day: all twenty would fit (10 hours a day, 40 ordered), so only the race decides.
        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ =>
            host.PostStepAsync(id, "hours", new { date = "2026-12-01", hours = 0.5m })));

        var succeeded = await AssertSuccessOrConflictAsync(responses);
        Assert.NotEqual(0, succeeded);
        var detail = await host.GetCaseAsync(id);
        Assert.Equal(succeeded * 0.5m, detail.HoursCompleted);
        Assert.Equal(succeeded, detail.HourEntries.Count);
        var reports = await host.SentAsync<HoursReported>();
        Assert.Equal(succeeded, reports.Count);
        Assert.Equal(succeeded * 0.5m, reports.Max(r => r.HoursCompleted));
    }

    private static async Task ParallelAcceptancesAsync(IReadOnlyDictionary<string, string?>? settings)
    {
        var time = new FakeTimeProvider(CaseSteps.Start);
        await using var host = await ProviderHost.StartAsync(time, settings);
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => host.PostStepAsync(referral.ReferralId, "accept")));

        Assert.Equal(1, await AssertSuccessOrConflictAsync(responses));
        Assert.Equal(CaseState.Accepted, (await host.GetCaseAsync(referral.ReferralId)).Status);
        Assert.Single(await host.SentAsync<ReferralAccepted>());
    }

    /// <summary>Every response is 200 or a German 409 problem; returns how many succeeded.</summary>
    private static async Task<int> AssertSuccessOrConflictAsync(IReadOnlyList<HttpResponseMessage> responses)
    {
        var succeeded = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                succeeded++;
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Conflict,
                $"Expected 200 or 409, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var problem = await Problems.ConflictOf(response);
            Assert.Equal("Dieser Schritt ist nicht möglich.", problem.Title);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        }

        return succeeded;
    }
}
