using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Horizont.Hosting.Reminders;
using Horizont.Jugendamt.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Jugendamt.Tests.Support;

/// <summary>
/// A Jugendamt host whose follow-ups a test raises itself: the sweep is run directly on the fake clock, and the
/// follow-up list and its acknowledgement are read over HTTP.
/// </summary>
internal static class FollowUpHosting
{
    public const string FollowUps = "/jugendamt/api/follow-ups";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// The host with a sweep interval of a day: Quartz (on the wall clock) first sweeps a day after start, so every
    /// follow-up in a test is raised by the test's own sweep on the fake clock.
    /// </summary>
    public static Task<JugendamtHost> StartAsync() => JugendamtHost.StartAsync(builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:SweepInterval"] = "1.00:00:00" });
    });

    /// <summary>An instant in Germany in winter (CET, UTC+1), when every date the follow-up tests use falls.</summary>
    public static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(1));

    /// <summary>Sets the fake clock and runs one pass of the sweep; the follow-ups it raised.</summary>
    public static async Task<IReadOnlyList<Reminder>> SweepAtAsync(this JugendamtHost host, DateTimeOffset now)
    {
        host.Time.SetUtcNow(now);
        return await host.SweepAsync();
    }

    /// <summary>One pass of the sweep at the fake clock's time; the follow-ups it raised.</summary>
    public static Task<IReadOnlyList<Reminder>> SweepAsync(this JugendamtHost host) =>
        host.App.Services.GetRequiredService<ReminderSweep<LedgerDbContext, Referral>>().RunAsync(CancellationToken.None);

    /// <summary>The follow-up list (<c>?state=</c> when given), expecting 200.</summary>
    public static async Task<List<ReminderView>> FollowUpsAsync(this JugendamtHost host, string? state = null)
    {
        using var response = await host.Client.GetAsync(ListUri(state));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<ReminderView>>(Json))!;
    }

    public static Task<HttpResponseMessage> GetFollowUpsAsync(this JugendamtHost host, string? state = null) => host.Client.GetAsync(ListUri(state));

    public static async Task<HttpResponseMessage> AcknowledgeAsync(this JugendamtHost host, Guid reminderId, string? user)
    {
        var client = user is null ? host.Client : await host.ClientAsync(user);
        return await client.PostAsync(new Uri($"{FollowUps}/{reminderId}/acknowledge", UriKind.Relative), null);
    }

    public static async Task<ReminderView> ReadViewAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ReminderView>(Json))!;

    /// <summary>Sends the event as the provider would and waits until it was consumed without a fault; its message id.</summary>
    public static async Task<Guid> DeliverAsync(this JugendamtHost host, object message)
    {
        var messageId = await host.SendEventAsync(message);
        Assert.Null(Assert.Single(await host.Consumed.Consumed(messageId)));
        return messageId;
    }

    private static Uri ListUri(string? state) =>
        new(state is null ? FollowUps : $"{FollowUps}?state={Uri.EscapeDataString(state)}", UriKind.Relative);
}
