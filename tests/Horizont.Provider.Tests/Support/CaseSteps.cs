using System.Net.Http.Json;
using System.Text;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using Microsoft.Extensions.Time.Testing;

namespace Horizont.Provider.Tests.Support;

/// <summary>Staff steps through the API, with the request bodies written as the wire shows them.</summary>
internal static class CaseSteps
{
    /// <summary>9:00 in Germany on 1 December 2026: the fake clock's start in the lifecycle tests.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Posts a step. <paramref name="body"/> is sent as JSON (camelCase): an anonymous object, or a string
    /// taken as the raw JSON text; as <paramref name="user"/> (a team lead's API key of that name) when given.
    /// </summary>
    public static async Task<HttpResponseMessage> PostStepAsync(this ProviderHost host, Guid referralId, string step, object? body = null, string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/provider/api/cases/{referralId}/{step}")
        {
            Content = body switch
            {
                null => null,
                string json => new StringContent(json, Encoding.UTF8, "application/json"),
                _ => JsonContent.Create(body),
            },
        };
        var client = user is null ? host.Client : await host.ClientAsync(user);
        return await client.SendAsync(request);
    }

    /// <summary>Posts a step that must succeed; fails the test with the problem text otherwise.</summary>
    public static async Task<CaseSummary> StepAsync(this ProviderHost host, Guid referralId, string step, object? body = null, string? user = null)
    {
        var response = await host.PostStepAsync(referralId, step, body, user);
        Assert.True(response.IsSuccessStatusCode, $"POST {step} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseSummary>(ProviderHost.Json))!;
    }

    /// <summary>A referral received and accepted (at the host's clock).</summary>
    public static async Task<Guid> AcceptedCaseAsync(this ProviderHost host, SubmitReferral? referral = null)
    {
        referral ??= Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        await host.StepAsync(referral.ReferralId, "accept");
        return referral.ReferralId;
    }

    /// <summary>
    /// A referral accepted at <see cref="Start"/>, intake scheduled and held that day, placed from
    /// <paramref name="placementStart"/>.
    /// </summary>
    public static async Task<Guid> PlacedCaseAsync(this ProviderHost host, SubmitReferral? referral = null, string placementStart = "2026-12-02")
    {
        var id = await host.AcceptedCaseAsync(referral);
        await host.StepAsync(id, "intake/schedule", new { date = "2026-12-01T08:30" });
        await host.StepAsync(id, "intake/held", new { date = "2026-12-01" });
        var placed = await host.StepAsync(id, "placement", new { category = "SOCIAL", name = Cases.PlacementName, startDate = placementStart });
        Assert.Equal(CaseState.Placed, placed.Status);
        return id;
    }

    /// <summary>Logs one shift that must be accepted.</summary>
    public static Task<CaseSummary> LogAsync(this ProviderHost host, Guid referralId, string date, decimal hours, bool correction = false) =>
        host.StepAsync(referralId, "hours", new { date, hours, correction });

    /// <summary>Moves the fake clock to a German local time.</summary>
    public static void SetGermanTime(this FakeTimeProvider time, int year, int month, int day, int hour = 12) =>
        time.SetUtcNow(new DateTimeOffset(new DateTime(year, month, day, hour, 0, 0), Hosting.HorizontTime.Zone.GetUtcOffset(new DateTime(year, month, day, hour, 0, 0))));

    /// <summary>The short type name of an outbox row, e.g. <c>HoursReported</c>.</summary>
    public static string ShortTypeName(string messageType) => messageType.Split(':')[^1];
}
