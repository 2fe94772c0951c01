using System.Net;
using System.Text;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Tests;

/// <summary>Many changes of one referral at once over HTTP: each is sent, sent before, or refused as concurrent; none is a server error.</summary>
public sealed class ConcurrentChangeApiTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Twenty_amendments_each_sent_four_times_at_once_are_answered_202_200_or_409_and_every_202_is_sent_once()
    {
        var id = await _host.SubmitReferralAsync();
        await _host.UpdateReferralAsync(id, r => r.Status = ReferralStatus.Accepted);

        // 20 different amendments (hours 41..60), each posted four times, all 80 at once.
        var requests = Enumerable.Range(41, 20).SelectMany(hours => Enumerable.Repeat(hours, 4)).Select(async hours =>
        {
            using var body = new StringContent($$"""{ "hoursOrdered": {{hours}}, "courtDecisionDate": "2026-11-30" }""", Encoding.UTF8, "application/json");
            using var response = await _host.Client.PostAsync($"/jugendamt/api/referrals/{id}/amend", body);
            return (Hours: hours, response.StatusCode);
        });
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var sentHours = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Hours).ToList();
        Assert.NotEmpty(sentHours);
        Assert.Equal(sentHours.Count, sentHours.Distinct().Count());
        var amendments = (await _host.OutboxAsync()).Where(m => m.MessageType == OutboxMessageTypes.NameOf(typeof(AmendReferral))).ToList();
        Assert.Equal(sentHours.Count, amendments.Count);
        var changes = await _host.Ledger(db => db.Changes.AsNoTracking().Where(c => c.ReferralId == id).CountAsync());
        Assert.Equal(sentHours.Count, changes);
        Assert.Equal(ReferralStatus.Amended, (await _host.ReferralAsync(id))!.Status);
    }
}
