using System.Net;
using System.Text.Json;
using Horizont.Hosting.Outbox;
using Horizont.Hosting.Retention;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using Microsoft.EntityFrameworkCore;

namespace Horizont.Jugendamt.Tests;

/// <summary>The right to erasure at the Jugendamt: a caseworker erases one ended referral, here and at its provider.</summary>
public sealed class ErasureRequestTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_ended_referral_is_erased_in_the_ledger_audited_and_the_provider_is_asked_to_erase_its_case()
    {
        var id = await EndedAsync(ReferralStatus.Completed);
        // The handed-over SubmitReferral, with the young person in its body, as the dispatcher leaves it once sent.
        await _host.Ledger(async db =>
        {
            foreach (var row in await db.Set<OutboxMessage>().Where(m => m.ReferralId == id).ToListAsync())
                row.SentAt = TestReferrals.Now;
            return await db.SaveChangesAsync();
        });

        using var response = await _host.Client.PostAsync(new Uri($"/jugendamt/api/referrals/{id}/erase", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        ReferralRetentionTests.AssertNoPersonalData(await response.Content.ReadAsStringAsync());
        var referral = (await _host.ReferralAsync(id))!;
        Assert.NotNull(referral.ErasedAt);
        Assert.Equal(("", ""), (referral.Payload, referral.FileReference));
        Assert.Equal(ReferralStatus.Completed, referral.Status);
        // Only the unsent EraseReferral is left of the referral's outbox rows.
        Assert.DoesNotContain(await _host.OutboxAsync(), m => m.ReferralId == id && (m.SentAt != null || m.Body.Contains(TestReferrals.FamilyName, StringComparison.Ordinal)));
        var request = Assert.Single(await ErasuresSentAsync());
        Assert.Equal((id, JugendamtHost.Agency, "horizont-ev"), (request.ReferralId, request.SenderAgencyId, request.ReceiverAgencyId));
        var erased = Assert.Single(await _host.HistoryAsync(id), h => h.Kind == LedgerHistoryKinds.Erased);
        Assert.Equal(JugendamtHost.CaseSystem, erased.Actor);
        Assert.NotNull(erased.MessageId);
        var row = Assert.Single(await _host.AuditAsync(id), a => a.Action == "referral.erase");
        Assert.Equal((JugendamtHost.CaseSystem, ErasureAudit.Request, 202), (row.Actor, row.Subject, row.Status));
        ReferralRetentionTests.AssertNoPersonalData(await _host.Client.GetStringAsync($"/jugendamt/api/referrals/{id}"));

        // The provider's answer lands in the history.
        var answerId = await _host.SendEventAsync(new ReferralErased
        {
            ReferralId = id, SenderAgencyId = "horizont-ev", ReceiverAgencyId = JugendamtHost.Agency,
            Outcome = ErasureOutcomeCodes.Erased, CaseState = "Completed", ErasedAt = TestEvents.At,
        });
        Assert.Equal([null], await _host.Consumed.Consumed(answerId));
        var answer = Assert.Single(await _host.HistoryAsync(id), h => h.Kind == nameof(ReferralErased));
        Assert.Equal(("horizont-ev", answerId), (answer.Actor, answer.MessageId));
        Assert.Contains("Träger hat die personenbezogenen Daten gelöscht", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_referral_is_refused_with_a_German_reason_and_nothing_is_erased_or_sent()
    {
        var id = await EndedAsync(ReferralStatus.InProgress);

        using var response = await _host.Client.PostAsync(new Uri($"/jugendamt/api/referrals/{id}/erase", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Die Zuweisung läuft noch (Status „in Ableistung“)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var referral = (await _host.ReferralAsync(id))!;
        Assert.Null(referral.ErasedAt);
        Assert.Contains(TestReferrals.FamilyName, referral.Payload, StringComparison.Ordinal);
        Assert.Empty(await ErasuresSentAsync());
        Assert.DoesNotContain(await _host.AuditAsync(id), a => a.Action == "referral.erase");
    }

    [Fact]
    public async Task A_second_request_is_answered_200_and_sends_nothing_again()
    {
        var id = await EndedAsync(ReferralStatus.Withdrawn);
        using (var first = await _host.Client.PostAsync(new Uri($"/jugendamt/api/referrals/{id}/erase", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var second = await _host.Client.PostAsync(new Uri($"/jugendamt/api/referrals/{id}/erase", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(await ErasuresSentAsync());
    }

    private async Task<List<EraseReferral>> ErasuresSentAsync() =>
        [.. (await _host.OutboxAsync())
            .Where(r => r.MessageType == OutboxMessageTypes.NameOf(typeof(EraseReferral)))
            .Select(r => JsonSerializer.Deserialize<EraseReferral>(r.Body)!)];

    private async Task<Guid> EndedAsync(ReferralStatus status)
    {
        var id = await _host.SubmitReferralAsync();
        await _host.UpdateReferralAsync(id, r => r.Status = status);
        return id;
    }
}
