using System.Text.Json.Nodes;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

/// <summary>A command the provider could not take comes back as <c>ReferralRefused</c> and shows as „vom Träger zurückgewiesen“.</summary>
public sealed class ReferralRefusedConsumerTests : IAsyncLifetime
{
    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_refused_handover_moves_the_referral_to_Refused_with_the_reason_in_the_api_and_the_history()
    {
        var messageId = await ConsumeAsync(TestEvents.Refused(_id));

        var referral = (await _host.ReferralAsync(_id))!;
        Assert.Equal(ReferralStatus.Refused, referral.Status);
        Assert.Equal(RefusalReasonCodes.InvalidContent, referral.RefusalReasonCode);
        Assert.Equal(nameof(SubmitReferral), referral.RefusedMessageType);
        Assert.Equal(ReferralStatus.Submitted, referral.StatusBeforeChange);

        var history = (await _host.HistoryAsync(_id)).Last();
        Assert.Equal(nameof(ReferralRefused), history.Kind);
        Assert.Equal(messageId, history.MessageId);
        Assert.Contains("Vom Träger zurückgewiesen: SubmitReferral", history.Detail, StringComparison.Ordinal);
        Assert.Contains("Grund INVALID_CONTENT; Felder: youngPerson.dateOfBirth", history.Detail, StringComparison.Ordinal);

        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_id}");
        Assert.Equal("Refused", (string)detail["status"]!);
        Assert.Equal("INVALID_CONTENT", (string)detail["refusal"]!["reasonCode"]!);
        Assert.Equal("SubmitReferral", (string)detail["refusal"]!["refusedMessageType"]!);
        var listed = await _host.Client.GetJsonAsync("/jugendamt/api/referrals?status=Refused");
        Assert.Equal(_id, Guid.Parse((string)listed.AsArray().Single()!["referralId"]!));

        var exported = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export,
            Assert.Single(await _host.ExportedFilesAsync(), f => f.Contains(messageId.ToString(), StringComparison.Ordinal)))))!;
        Assert.Equal("Refused", (string)exported["ledgerStatus"]!);
    }

    [Fact]
    public async Task A_referral_whose_handover_was_refused_cannot_be_amended()
    {
        await ConsumeAsync(TestEvents.Refused(_id));

        using var response = await _host.Client.PostAsync($"/jugendamt/api/referrals/{_id}/amend",
            new StringContent("""{ "hoursOrdered": 60, "courtDecisionDate": "2026-11-30" }""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("vom Träger zurückgewiesen", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_refused_amendment_the_providers_next_report_moves_the_referral_on_as_before()
    {
        await _host.UpdateReferralAsync(_id, r => r.Status = ReferralStatus.Placed);
        await ConsumeAsync(TestEvents.Refused(_id, nameof(AmendReferral)));
        Assert.Equal(ReferralStatus.Refused, (await _host.ReferralAsync(_id))!.Status);

        await ConsumeAsync(TestEvents.Hours(_id, 4, TestEvents.At.AddHours(2)));
        var referral = (await _host.ReferralAsync(_id))!;
        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        Assert.Null(referral.StatusBeforeChange);
    }

    [Fact]
    public async Task A_refusal_of_an_ended_referral_is_recorded_but_changes_nothing()
    {
        await _host.UpdateReferralAsync(_id, r => r.Status = ReferralStatus.Completed);

        await ConsumeAsync(TestEvents.Refused(_id, nameof(WithdrawReferral)));

        Assert.Equal(ReferralStatus.Completed, (await _host.ReferralAsync(_id))!.Status);
        Assert.Contains("nicht übernommen", (await _host.HistoryAsync(_id)).Last().Detail, StringComparison.Ordinal);
    }

    private async Task<Guid> ConsumeAsync(object message)
    {
        var messageId = await _host.SendEventAsync(message);
        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        return messageId;
    }
}
