using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Horizont.IntegrationTests.Infrastructure;

/// <summary>
/// A referral walked through its life with the HTTP APIs alone, both agencies in one host (<paramref name="host"/>),
/// on the days of <paramref name="time"/>: after every step both sides must agree.
/// </summary>
public sealed class ReferralWalk(AgencyHost host, MovableTimeProvider time)
{
    /// <summary>The Jugendamt posts <paramref name="body"/> (for horizont-ev); returns once the provider has the case.</summary>
    public async Task<Guid> SubmitAsync(Guid id, object body)
    {
        using var response = await host.Client.PostAsJsonAsync("/jugendamt/api/referrals", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => await host.GetJsonOrNullAsync($"/provider/api/cases/{id}") is not null, $"case {id} at the provider");
        return id;
    }

    /// <summary>One staff step at the provider; then both sides must show <paramref name="status"/>.</summary>
    public async Task StepAsync(Guid id, string step, object? body, string status)
    {
        using (var response = body is null
                   ? await host.Client.PostAsync($"/provider/api/cases/{id}/{step}", null)
                   : await host.Client.PostAsJsonAsync($"/provider/api/cases/{id}/{step}", body))
        {
            Assert.True(response.IsSuccessStatusCode, $"{step} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(status, await ProviderStatusAsync(id));
        await Eventually.TrueAsync(async () => (await LedgerAsync(id)).GetProperty("status").GetString() == status,
            $"the ledger to show {status} after {step}");
    }

    public async Task<string?> ProviderStatusAsync(Guid id) =>
        (await host.GetJsonOrNullAsync($"/provider/api/cases/{id}"))!.Value.GetProperty("status").GetString();

    public async Task<JsonElement> LedgerAsync(Guid id) =>
        (await host.GetJsonOrNullAsync($"/jugendamt/api/referrals/{id}"))!.Value;

    /// <summary>Today in the agencies' time zone.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);

    /// <summary><paramref name="days"/> after <paramref name="today"/>, as the APIs take a date.</summary>
    public static string Day(DateOnly today, int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
