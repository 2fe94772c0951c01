using Horizont.Tests.Shared;
using System.Text.Json.Nodes;
using Horizont.Hosting.Messaging;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Horizont.Jugendamt.Tests;

/// <summary>The providers' answers arrive on the agency's own queue, update the ledger and are exported for the case system.</summary>
public sealed class AnswerConsumerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset AnsweredAt = new(2026, 12, 2, 8, 15, 30, 123, TimeSpan.Zero);
    private JugendamtHost _host = null!;
    private Guid _referralId;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _host.Drop("zuweisung.json", TestReferrals.Bytes(TestReferrals.Json()));
        await _host.ProcessInboxAsync();
        _referralId = (await _host.OutboxAsync())[0].ReferralId!.Value;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_acceptance_marks_the_referral_accepted_and_writes_one_export_file()
    {
        var messageId = await SendAsync(Accepted());

        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        var referral = await _host.ReferralAsync(_referralId);
        Assert.Equal(ReferralStatus.Accepted, referral!.Status);
        Assert.Equal(AnsweredAt, referral.AnsweredAt);
        var history = await _host.HistoryAsync(_referralId);
        Assert.Equal(["SubmitReferral", "ReferralAccepted"], history.Select(h => h.Kind));
        Assert.Equal(messageId, history[1].MessageId);
        Assert.Equal("horizont-ev", history[1].Actor);

        var file = Assert.Single(await _host.ExportedFilesAsync());
        Assert.Equal($"20261202T081530123_{_referralId}_ReferralAccepted_{messageId}.json", file);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file)))!;
        Assert.Equal("ReferralAccepted", (string)exported["eventType"]!);
        Assert.Equal(_referralId, Guid.Parse((string)exported["referralId"]!));
        Assert.Equal("JGH-2026-0815", (string)exported["fileReference"]!);
        Assert.Equal("Accepted", (string)exported["ledgerStatus"]!);
        Assert.True((bool)exported["appliedToLedger"]!);
        Assert.Equal(AnsweredAt, (DateTimeOffset)exported["event"]!["acceptedAt"]!);
    }

    [Fact]
    public async Task A_decline_marks_the_referral_declined_with_its_reason_and_writes_one_export_file()
    {
        var messageId = await SendAsync(Declined("NO_CAPACITY", "Keine Plätze bis März."));

        Assert.Null(Assert.Single(await _host.Consumed.Consumed(messageId)));
        var referral = await _host.ReferralAsync(_referralId);
        Assert.Equal(ReferralStatus.Declined, referral!.Status);
        Assert.Equal("NO_CAPACITY", referral.DeclineReasonCode);
        Assert.Equal("Keine Plätze bis März.", referral.DeclineNote);

        var file = Assert.Single(await _host.ExportedFilesAsync());
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, file)))!;
        Assert.Equal("ReferralDeclined", (string)exported["eventType"]!);
        Assert.Equal("NO_CAPACITY", (string)exported["event"]!["reasonCode"]!);
        Assert.Equal("Keine Plätze bis März.", (string)exported["event"]!["note"]!);

        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_referralId}");
        Assert.Equal("Declined", (string)detail["status"]!);
        Assert.Equal("NO_CAPACITY", (string)detail["declineReason"]!);
        var declined = await _host.Client.GetJsonAsync("/jugendamt/api/referrals?status=Declined");
        Assert.Equal(_referralId, Guid.Parse((string)declined.AsArray()[0]!["referralId"]!));
    }

    [Fact]
    public async Task A_redelivered_answer_changes_nothing()
    {
        var messageId = NewId.NextGuid();
        await SendAsync(Accepted(), messageId);
        await _host.Consumed.Consumed(messageId);
        var exportFile = Path.Combine(_host.Folders.Export, Assert.Single(await _host.ExportedFilesAsync()));
        var writtenAt = File.GetLastWriteTimeUtc(exportFile);

        await SendAsync(Accepted(), messageId);

        Assert.Equal([null, null], await _host.Consumed.Consumed(messageId, times: 2));
        Assert.Equal(2, (await _host.HistoryAsync(_referralId)).Count);
        Assert.Single(await _host.ExportedFilesAsync());
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(exportFile));
        Assert.Equal(1, await _host.Ledger(db => db.Set<Horizont.Hosting.Outbox.InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task An_answer_for_an_unknown_referral_faults_without_retries_and_changes_nothing()
    {
        var messageId = await SendAsync(Accepted() with { ReferralId = Guid.NewGuid() });

        var fault = Assert.Single(await _host.Consumed.Consumed(messageId));
        var invalid = Assert.IsType<InvalidMessageException>(fault);
        Assert.Contains("is not in the ledger", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(await _host.ExportedFilesAsync());
        Assert.Equal(ReferralStatus.Submitted, (await _host.ReferralAsync(_referralId))!.Status);
    }

    [Fact]
    public async Task An_answer_from_another_provider_than_the_one_referred_to_faults()
    {
        var messageId = await SendAsync(Declined("OTHER", null) with { SenderAgencyId = "brueckenbau-ev" });

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("is not the agency on the other side of the referral", fault.Message, StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Submitted, (await _host.ReferralAsync(_referralId))!.Status);
    }

    [Fact]
    public async Task An_answer_addressed_to_another_jugendamt_faults()
    {
        var messageId = await SendAsync(Accepted() with { ReceiverAgencyId = "ja-kyffhaeuser" });

        Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
    }

    [Fact]
    public async Task A_decline_with_an_unknown_reason_faults()
    {
        var messageId = await SendAsync(Declined("NO_REASON", null));

        var fault = Assert.IsType<InvalidMessageException>(Assert.Single(await _host.Consumed.Consumed(messageId)));
        Assert.Contains("NO_CAPACITY, NOT_RESPONSIBLE", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acceptance_after_a_decline_goes_into_the_history_only()
    {
        var declined = await SendAsync(Declined("NOT_RESPONSIBLE", null));
        await _host.Consumed.Consumed(declined);

        var accepted = await SendAsync(Accepted());

        Assert.Null(Assert.Single(await _host.Consumed.Consumed(accepted)));
        Assert.Equal(ReferralStatus.Declined, (await _host.ReferralAsync(_referralId))!.Status);
        var history = await _host.HistoryAsync(_referralId);
        Assert.Equal(["SubmitReferral", "ReferralDeclined", "ReferralAccepted"], history.Select(h => h.Kind));
        Assert.Contains("Stand unverändert", history[2].Detail, StringComparison.Ordinal);
        var exported = (await _host.ExportedFilesAsync()).Single(f => f.Contains("ReferralAccepted", StringComparison.Ordinal));
        var content = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_host.Folders.Export, exported)))!;
        Assert.False((bool)content["appliedToLedger"]!);
        Assert.Equal("Declined", (string)content["ledgerStatus"]!);
    }

    private ReferralAccepted Accepted() => new()
    {
        ReferralId = _referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        AcceptedAt = AnsweredAt,
    };

    private ReferralDeclined Declined(string reason, string? note) => new()
    {
        ReferralId = _referralId,
        SenderAgencyId = "horizont-ev",
        ReceiverAgencyId = "ja-nordhausen",
        ReasonCode = reason,
        Note = note,
        DeclinedAt = AnsweredAt,
    };

    private async Task<Guid> SendAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await _host.App.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:ja-nordhausen"));
        await endpoint.Send(_host.App.Services.SealedForWire(message), context => context.MessageId = id);
        return id;
    }
}

internal static class HttpJson
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string uri) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri(uri, UriKind.Relative)))!;
}
