using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.IntegrationTests.Infrastructure;
using Horizont.Jugendamt;
using Horizont.Provider;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.IntegrationTests;

/// <summary>
/// Referrals walked through their whole life with the HTTP APIs alone, both agencies in one host;
/// after every step the Jugendamt's ledger agrees with the provider's case.
/// </summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly MovableTimeProvider _time = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_referral_walks_from_submission_to_completion_with_both_sides_agreeing()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host, "JGH-LIFE-1");
        var today = Today();

        await StepAsync(host, id, "accept", null, "Accepted");
        await StepAsync(host, id, "intake/schedule", new { date = $"{Day(today, 1)}T15:00" }, "IntakeScheduled");
        _time.Jump(TimeSpan.FromDays(2));
        await StepAsync(host, id, "intake/held", new { date = Day(today, 1) }, "IntakeHeld");
        await StepAsync(host, id, "placement", new { category = "SOCIAL", name = "Tierheim Nordhausen", startDate = Day(today, 2) }, "Placed");
        _time.Jump(TimeSpan.FromDays(10));
        for (var day = 3; day <= 12; day++)
            await StepAsync(host, id, "hours", new { date = Day(today, day), hours = 4, note = "", correction = false }, "InProgress");

        await Eventually.TrueAsync(async () => (await LedgerAsync(host, id)).GetProperty("hoursCompleted").GetDecimal() == 40m,
            "the running total of 40 hours in the ledger");
        await StepAsync(host, id, "complete", new { completedOn = Day(today, 12) }, "Completed");

        var provider = (await host.GetJsonOrNullAsync($"/provider/api/cases/{id}"))!.Value;
        Assert.Equal(40m, provider.GetProperty("hoursCompleted").GetDecimal());
        var kinds = (await LedgerAsync(host, id)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        Assert.Contains("ReferralCompleted", kinds);
        Assert.Equal(10, kinds.Count(k => k == "HoursReported"));
        Assert.Equal("Completed", (await LedgerAsync(host, id)).GetProperty("status").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(Directory.GetFiles(Path.Combine(_temp.Path, "jugendamt", "export"), $"*{id}*.json").Length == 15),
            "one export file per event (15)");
    }

    [Fact]
    public async Task A_referral_goes_through_non_compliance_an_amendment_and_a_withdrawal_with_both_sides_agreeing()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host, "JGH-LIFE-2");
        var today = Today();

        await StepAsync(host, id, "accept", null, "Accepted");
        await StepAsync(host, id, "intake/schedule", new { date = $"{Day(today, 1)}T15:00" }, "IntakeScheduled");
        _time.Jump(TimeSpan.FromDays(2));
        await StepAsync(host, id, "intake/missed", new { date = Day(today, 1) }, "IntakeMissed");
        await StepAsync(host, id, "intake/schedule", new { date = $"{Day(today, 4)}T10:00" }, "IntakeScheduled");
        _time.Jump(TimeSpan.FromDays(3));
        await StepAsync(host, id, "intake/missed", new { date = Day(today, 4) }, "IntakeMissed");
        await StepAsync(host, id, "noncompliance", new { reasonCode = "NO_SHOW", remindedOn = new[] { Day(today, 2) }, recommendation = "Anhörung empfohlen." }, "NonComplianceReported");

        // The court decides: fewer hours, a later deadline.
        var deadline = Day(today, 120);
        using (var amend = await host.Client.PostAsJsonAsync($"/jugendamt/api/referrals/{id}/amend", new { hoursOrdered = 30, deadline, courtDecisionDate = Day(today, 5) }))
            Assert.Equal(HttpStatusCode.Accepted, amend.StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            var provider = (await host.GetJsonOrNullAsync($"/provider/api/cases/{id}"))!.Value;
            return provider.GetProperty("hoursOrdered").GetDecimal() == 30m && provider.GetProperty("deadline").GetString() == deadline
                && provider.GetProperty("status").GetString() != "NonComplianceReported";
        }, "the amendment to reach the provider");

        using (var withdraw = await host.Client.PostAsJsonAsync($"/jugendamt/api/referrals/{id}/withdraw", new { reasonCode = "MOVED_AWAY", effectiveDate = Day(today, 6) }))
            Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
        await Eventually.TrueAsync(async () => await ProviderStatusAsync(host, id) == "Withdrawn", "the provider to stop the case");
        await Eventually.TrueAsync(async () => (await LedgerAsync(host, id)).GetProperty("status").GetString() == "Withdrawn", "the acknowledgement in the ledger");

        using var refused = await host.Client.PostAsJsonAsync($"/provider/api/cases/{id}/hours", new { date = Day(today, 5), hours = 2, note = "", correction = false });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private async Task<AgencyHost> StartAsync() =>
        await AgencyHost.StartAsync(_temp.Path, new Dictionary<string, string?> { ["Transport"] = "InMemory" },
            b => b.Services.AddSingleton<TimeProvider>(_time),
            b => b.AddJugendamt(),
            b => b.AddProvider());

    private static async Task<Guid> SubmitAsync(AgencyHost host, string fileReference)
    {
        var id = Guid.NewGuid();
        using var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", Referrals.Body(id, "horizont-ev", fileReference));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => await host.GetJsonOrNullAsync($"/provider/api/cases/{id}") is not null, $"case {id} at the provider");
        return id;
    }

    /// <summary>One staff step at the provider; then both sides must show <paramref name="status"/>.</summary>
    private static async Task StepAsync(AgencyHost host, Guid id, string step, object? body, string status)
    {
        using (var response = body is null
                   ? await host.Client.PostAsync($"/provider/api/cases/{id}/{step}", null)
                   : await host.Client.PostAsJsonAsync($"/provider/api/cases/{id}/{step}", body))
        {
            Assert.True(response.IsSuccessStatusCode, $"{step} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(status, await ProviderStatusAsync(host, id));
        await Eventually.TrueAsync(async () => (await LedgerAsync(host, id)).GetProperty("status").GetString() == status,
            $"the ledger to show {status} after {step}");
    }

    private static async Task<string?> ProviderStatusAsync(AgencyHost host, Guid id) =>
        (await host.GetJsonOrNullAsync($"/provider/api/cases/{id}"))!.Value.GetProperty("status").GetString();

    private static async Task<JsonElement> LedgerAsync(AgencyHost host, Guid id) =>
        (await host.GetJsonOrNullAsync($"/jugendamt/api/referrals/{id}"))!.Value;

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);

    private static string Day(DateOnly today, int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
