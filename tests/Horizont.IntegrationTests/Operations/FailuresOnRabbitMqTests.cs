using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Horizont.Hosting.Security;
using Horizont.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using Horizont.Operations.Cli;
using Spectre.Console.Testing;

namespace Horizont.IntegrationTests.Operations;

/// <summary>
/// The Jugendamt, a provider whose case store fails while a switch is on, and operations, as three hosts on the real
/// RabbitMQ: the failure appears grouped with its queue and reason, without personal data; replay after the fix
/// delivers it and the case appears; discard archives it; one alert e-mail.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class FailuresOnRabbitMqTests : IAsyncLifetime, IDisposable
{
    private readonly FailingHandover _handover = new();
    private readonly int _smtpPort = Ports.Free();

    public Task InitializeAsync() => FailingHandover.ResetBrokerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _handover.Dispose();

    [BrokerFact]
    public async Task A_failed_referral_is_grouped_without_personal_data_alerts_once_and_replays_after_the_fix()
    {
        using var smtp = SimpleSmtpServer.Start(_smtpPort);
        await using var jugendamt = await _handover.StartJugendamtAsync();
        await using var provider = await _handover.StartProviderAsync();
        await using var ops = await _handover.StartOperationsAsync(_smtpPort, listening: true);

        _handover.Fault.On = true;
        var referralId = Guid.NewGuid();
        await FailingHandover.SubmitAsync(jugendamt, referralId, "JGH-2026-5001");

        var group = await FailingHandover.WaitForGroupAsync(ops);
        Assert.Equal("horizont-ev", group.GetProperty("queue").GetString());
        Assert.Equal("horizont-ev_error", group.GetProperty("errorQueue").GetString());
        Assert.Equal("SubmitReferral", group.GetProperty("messageType").GetString());
        Assert.Equal("System.InvalidOperationException", group.GetProperty("exceptionType").GetString());
        Assert.Equal(1, group.GetProperty("count").GetInt32());
        var reason = group.GetProperty("reason").GetString()!;
        Assert.Contains("nicht gespeichert: Datenbank {id} antwortet nicht", reason, StringComparison.Ordinal);
        Assert.Contains("[entfernt]", reason, StringComparison.Ordinal);
        var groupId = group.GetProperty("id").GetString()!;

        var detail = await ops.Client.GetFromJsonAsync<JsonElement>($"/ops/api/failures/{groupId}");
        var message = Assert.Single(detail.GetProperty("messages").EnumerateArray());
        Assert.Equal(referralId, message.GetProperty("referralId").GetGuid());
        Assert.Equal("horizont-ev", message.GetProperty("originalQueue").GetString());
        Assert.Contains("FaultSwitch", message.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
        Assert.Equal("fault", message.GetProperty("headers").GetProperty("MT-Reason").GetString());

        // Nothing operations shows carries the young person: API (with a key), group page, overview page (signed in).
        await AssertNoPersonalDataAsync(ops.Client, "/ops/api/failures", $"/ops/api/failures/{groupId}");
        using (var browser = await OpsSignIn.BrowserAsync(ops, "a.aufsicht"))
            await AssertNoPersonalDataAsync(browser, "/ops/", $"/ops/failures/{groupId}");

        // One alert, one e-mail to operations, German, without personal data; a later pass raises nothing new.
        await AlertPasses.MailSentAsync(ops, TimeSpan.FromSeconds(20));
        await AlertPasses.RunAsync(ops, 3);
        var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Assert.Single(smtp.ReceivedEmail).Data)));
        Assert.Equal("Horizont-Betrieb: Fehlgeschlagene Nachricht (horizont-ev_error: SubmitReferral)", mail.Subject);
        Assert.Equal("betrieb@horizont.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("SubmitReferral", mail.TextBody, StringComparison.Ordinal);
        FailingHandover.AssertNoPersonalData("the alert e-mail", mail.TextBody ?? "");
        var alerts = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open");
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal("FailedMessage", alert.GetProperty("rule").GetString());
        Assert.Equal("Sent", alert.GetProperty("mail").GetString());

        // The command line (its key named b.betrieb) shows the same, without personal data, and exits 1: there is something to look at.
        var cliKey = await ops.Services.IssueApiKeyAsync("b.betrieb", OpsSignIn.Agency, HorizontRoles.Operations);
        var list = await CliAsync(ops, cliKey, "failures");
        Assert.Equal(1, list.ExitCode);
        Assert.Contains(groupId, list.Output, StringComparison.Ordinal);
        Assert.Contains("SubmitReferral", list.Output, StringComparison.Ordinal);
        FailingHandover.AssertNoPersonalData("horizont-ops failures", list.Output);
        var shown = await CliAsync(ops, cliKey, "failures", groupId, "--stack");
        Assert.Contains(referralId.ToString(), shown.Output, StringComparison.Ordinal);
        FailingHandover.AssertNoPersonalData("horizont-ops failures <group> --stack", shown.Output);

        // The cause removed, a replay from the command line delivers it: the case appears and the group is gone.
        _handover.Fault.On = false;
        var replay = await CliAsync(ops, cliKey, "replay", groupId);
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("1 Nachricht", replay.Output, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{referralId}") is not null, "the replayed referral's case");
        Assert.Equal(0u, await Broker.MessageCountAsync("horizont-ev_error"));
        var failures = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures");
        Assert.Empty(failures.GetProperty("groups").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await ops.Client.GetAsync($"/ops/api/failures/{groupId}")).StatusCode);

        await Eventually.TrueAsync(async () =>
            (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=resolved")).GetArrayLength() == 1, "the alert to resolve");
        Assert.Empty((await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/alerts?state=open")).EnumerateArray());
        var archive = Assert.Single((await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures/archive")).EnumerateArray());
        Assert.Equal("Replayed", archive.GetProperty("kind").GetString());
        Assert.Equal("b.betrieb", archive.GetProperty("actor").GetString());
        var audit = Assert.Single(await AuditAsync(ops), a => a.Action == "failure.replay");
        Assert.Equal(("b.betrieb", groupId, (Guid?)null), (audit.Actor, audit.Subject, audit.ReferralId));
        Assert.Equal(1, smtp.ReceivedEmailCount);
    }

    [BrokerFact]
    public async Task Single_messages_replay_back_into_failure_while_the_cause_lasts_and_discard_into_the_archive()
    {
        await using var jugendamt = await _handover.StartJugendamtAsync();
        await using var provider = await _handover.StartProviderAsync();
        await using var ops = await _handover.StartOperationsAsync(_smtpPort);

        _handover.Fault.On = true;
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await FailingHandover.SubmitAsync(jugendamt, first, "JGH-2026-5002");
        await FailingHandover.SubmitAsync(jugendamt, second, "JGH-2026-5003");
        var group = await FailingHandover.WaitForGroupAsync(ops, count: 2);
        var detail = await ops.Client.GetFromJsonAsync<JsonElement>($"/ops/api/failures/{group.GetProperty("id").GetString()}");
        var ids = detail.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("referralId").GetGuid(), m => m.GetProperty("messageId").GetGuid());

        // A replay while the cause lasts fails again and comes back as a failure, not lost.
        (await ops.Client.PostAsync($"/ops/api/failures/messages/{ids[first]}/replay", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await MessagesAsync(ops)).Any(m => m.GetProperty("referralId").GetGuid() == first && m.GetProperty("replayCount").GetInt32() == 1),
            "the replayed message to fail again");

        // A discard needs a reason, names the field when it is missing, and archives who, when and why.
        using (var missing = await ops.Client.PostAsJsonAsync($"/ops/api/failures/messages/{ids[second]}/discard", new { reason = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("Grund", problem.GetProperty("errors").GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        }

        using (var betrieb = await OpsSignIn.ClientAsync(ops, "b.betrieb", OpsSignIn.Agency, HorizontRoles.Operations))
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/ops/api/failures/messages/{ids[second]}/discard")
        {
            Content = JsonContent.Create(new { reason = "Doppelt übermittelt, mit dem Jugendamt geklärt" }),
        })
        {
            // The old header names nobody any more: the key does.
            request.Headers.Add("X-Horizont-User", "jemand.anders");
            (await betrieb.SendAsync(request)).EnsureSuccessStatusCode();
        }

        var left = await MessagesAsync(ops);
        Assert.Equal(first, Assert.Single(left).GetProperty("referralId").GetGuid());
        Assert.Equal(1u, await Broker.MessageCountAsync("horizont-ev_error"));
        var archived = (await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures/archive")).EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == "Discarded");
        Assert.Equal(second, archived.GetProperty("referralId").GetGuid());
        Assert.Equal("Doppelt übermittelt, mit dem Jugendamt geklärt", archived.GetProperty("reason").GetString());
        Assert.Equal("b.betrieb", archived.GetProperty("actor").GetString());
        Assert.Equal("SubmitReferral", archived.GetProperty("messageType").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ops.Client.PostAsync($"/ops/api/failures/messages/{ids[second]}/replay", null)).StatusCode);

        // Fixed: the first arrives; the discarded one never does.
        _handover.Fault.On = false;
        (await ops.Client.PostAsync($"/ops/api/failures/messages/{ids[first]}/replay", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await provider.GetJsonOrNullAsync($"/provider/api/cases/{first}") is not null, "the replayed referral's case");
        Assert.Null(await provider.GetJsonOrNullAsync($"/provider/api/cases/{second}"));
        Assert.Equal(0u, await Broker.MessageCountAsync("horizont-ev_error"));
    }

    private static async Task<(int ExitCode, string Output)> CliAsync(AgencyHost ops, string key, params string[] args)
    {
        using var console = new TestConsole().Width(250);
        using var http = new HttpClient();
        var environment = new Dictionary<string, string?> { ["HORIZONT_OPS_URL"] = ops.BaseAddress!.ToString(), ["HORIZONT_OPS_KEY"] = key };
        var exitCode = await OpsCommandLine.RunAsync(args, http, console, environment);
        return (exitCode, console.Output);
    }

    private static async Task AssertNoPersonalDataAsync(HttpClient client, params string[] paths)
    {
        foreach (var path in paths)
            FailingHandover.AssertNoPersonalData(path, await client.GetStringAsync(path));
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(AgencyHost ops)
    {
        await using var scope = ops.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery(null, null, null, null), CancellationToken.None);
    }

    private static async Task<List<JsonElement>> MessagesAsync(AgencyHost ops)
    {
        var answer = await ops.Client.GetFromJsonAsync<JsonElement>("/ops/api/failures");
        var messages = new List<JsonElement>();
        foreach (var group in answer.GetProperty("groups").EnumerateArray())
        {
            // A replayed message is briefly out of its error queue: its group may be gone between the two reads.
            if (await ops.GetJsonOrNullAsync($"/ops/api/failures/{group.GetProperty("id").GetString()}") is { } detail)
                messages.AddRange(detail.GetProperty("messages").EnumerateArray());
        }

        return messages;
    }
}
