using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Horizont.Hosting.Outbox;
using Horizont.Jugendamt.Data;
using Horizont.Jugendamt.Tests.Support;
using Horizont.Messages;

namespace Horizont.Jugendamt.Tests;

/// <summary>Amendments and withdrawals over HTTP: checked like intake files, sent to the referral's provider, refused when the status does not allow them.</summary>
public sealed class ReferralChangeApiTests : IAsyncLifetime
{
    private const string Amendment = """{ "hoursOrdered": 60, "deadline": "2027-03-01", "courtDecisionDate": "2026-11-30" }""";
    private const string Withdrawal = """{ "reasonCode": "MOVED_AWAY", "effectiveDate": "2026-12-15" }""";
    private JugendamtHost _host = null!;
    private Guid _id;

    public async Task InitializeAsync()
    {
        _host = await JugendamtHost.StartAsync();
        _id = await _host.SubmitReferralAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_amendment_is_accepted_with_202_and_queues_AmendReferral_for_the_referrals_provider()
    {
        await StartFromAsync(ReferralStatus.InProgress);

        var response = await PostAsync("amend", Amendment);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(_id, Guid.Parse((string)body["referralId"]!));
        Assert.NotNull(body["changeId"]);
        Assert.Equal($"/jugendamt/api/referrals/{_id}", response.Headers.Location!.OriginalString);

        var row = (await _host.OutboxAsync()).Last();
        Assert.Equal("horizont-ev", row.DestinationAgencyId);
        Assert.Equal(_id, row.ReferralId);
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(AmendReferral)), row.MessageType);
        var sent = JsonSerializer.Deserialize<AmendReferral>(row.Body)!;
        Assert.Equal("ja-nordhausen", sent.SenderAgencyId);
        Assert.Equal("horizont-ev", sent.ReceiverAgencyId);
        Assert.Equal(60m, sent.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 3, 1), sent.Deadline);
        Assert.Equal(new DateOnly(2026, 11, 30), sent.CourtDecisionDate);
        Assert.Equal(_host.Time.GetUtcNow(), sent.AmendedAt);

        var referral = (await _host.ReferralAsync(_id))!;
        Assert.Equal(ReferralStatus.Amended, referral.Status);
        Assert.Equal(60m, referral.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 3, 1), referral.Deadline);
        var history = (await _host.HistoryAsync(_id)).Last();
        Assert.Equal("AmendReferral", history.Kind);
        Assert.Equal(JugendamtHost.CaseSystem, history.Actor);
        Assert.Equal(row.MessageId, history.MessageId);
        Assert.Contains("Stunden 60 (bisher 40)", history.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendment_may_change_only_the_deadline()
    {
        await StartFromAsync(ReferralStatus.Placed);

        var response = await PostAsync("amend", """{ "deadline": "2027-09-30", "courtDecisionDate": "2026-11-30" }""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = JsonSerializer.Deserialize<AmendReferral>((await _host.OutboxAsync()).Last().Body)!;
        Assert.Null(sent.HoursOrdered);
        Assert.Equal(new DateOnly(2027, 9, 30), sent.Deadline);
        Assert.Equal(40m, (await _host.ReferralAsync(_id))!.HoursOrdered);
    }

    [Fact]
    public async Task An_amendment_of_the_deadline_answers_a_pending_extension_request()
    {
        await StartFromAsync(ReferralStatus.InProgress, r =>
        {
            r.ExtensionReasonCode = ExtensionReasonCodes.Illness;
            r.ExtensionProposedDeadline = new DateOnly(2027, 3, 1);
            r.ExtensionRequestedAt = TestEvents.At;
        });

        await PostAsync("amend", Amendment);

        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_id}");
        Assert.Null(detail["pendingExtensionRequest"]);
        Assert.Equal("2026-11-30", (string)detail["lastAmendment"]!["courtDecisionDate"]!);
    }

    [Fact]
    public async Task A_withdrawal_is_accepted_with_202_and_queues_WithdrawReferral_for_the_referrals_provider()
    {
        var response = await PostAsync("withdraw", Withdrawal);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = (await _host.OutboxAsync()).Last();
        Assert.Equal("horizont-ev", row.DestinationAgencyId);
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(WithdrawReferral)), row.MessageType);
        var sent = JsonSerializer.Deserialize<WithdrawReferral>(row.Body)!;
        Assert.Equal(_id, sent.ReferralId);
        Assert.Equal("MOVED_AWAY", sent.ReasonCode);
        Assert.Equal(new DateOnly(2026, 12, 15), sent.EffectiveDate);
        Assert.Equal("horizont-ev", sent.ReceiverAgencyId);

        var detail = await _host.Client.GetJsonAsync($"/jugendamt/api/referrals/{_id}");
        Assert.Equal("WithdrawalRequested", (string)detail["status"]!);
        Assert.Equal("MOVED_AWAY", (string)detail["withdrawal"]!["reasonCode"]!);
        Assert.Null(detail["withdrawal"]!["outcome"]);
        var history = detail["history"]!.AsArray().Last()!;
        Assert.Equal("WithdrawReferral", (string)history["kind"]!);
        Assert.Equal(row.MessageId, Guid.Parse((string)history["messageId"]!));
    }

    [Fact]
    public async Task The_same_amendment_again_is_answered_200_and_sent_once()
    {
        await StartFromAsync(ReferralStatus.InProgress);
        var first = await PostAsync("amend", Amendment);

        var repeat = await PostAsync("amend", Amendment.Replace(" ", "", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(
            (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["changeId"]!,
            (string)(await repeat.Content.ReadFromJsonAsync<JsonObject>())!["changeId"]!);
        Assert.Single(await AmendmentsSentAsync());
        Assert.Equal("AmendmentRepeated", (await _host.HistoryAsync(_id)).Last().Kind);
    }

    [Fact]
    public async Task The_same_withdrawal_again_is_answered_200_not_409()
    {
        await PostAsync("withdraw", Withdrawal);

        var repeat = await PostAsync("withdraw", Withdrawal);

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(2, (await _host.OutboxAsync()).Count);
    }

    [Theory]
    [InlineData("""{ "courtDecisionDate": "2026-11-30" }""", "hoursOrdered", "Stunden (hoursOrdered) oder Frist (deadline)")]
    [InlineData("""{ "courtDecisionDate": "2026-11-30" }""", "deadline", "Stunden (hoursOrdered) oder Frist (deadline)")]
    [InlineData("""{ "hoursOrdered": 0, "courtDecisionDate": "2026-11-30" }""", "hoursOrdered", "zwischen 1 und 300")]
    [InlineData("""{ "hoursOrdered": 301, "courtDecisionDate": "2026-11-30" }""", "hoursOrdered", "zwischen 1 und 300")]
    [InlineData("""{ "hoursOrdered": "40", "courtDecisionDate": "2026-11-30" }""", "hoursOrdered", "Zahl")]
    [InlineData("""{ "deadline": "2026-11-30", "courtDecisionDate": "2026-11-30" }""", "deadline", "Vergangenheit")]
    [InlineData("""{ "deadline": "01.03.2027", "courtDecisionDate": "2026-11-30" }""", "deadline", "JJJJ-MM-TT")]
    [InlineData("""{ "hoursOrdered": 40, "courtDecisionDate": "2026-12-02" }""", "courtDecisionDate", "Zukunft")]
    [InlineData("""{ "hoursOrdered": 40 }""", "courtDecisionDate", "Pflichtfeld fehlt")]
    [InlineData("""{ "hoursOrdered": 40, "courtDecisionDate": "2026-11-30", "referralId": "5b7c2e1a-9d34-4f6b-8a21-0c3e5f7a9b12" }""", "referralId", "Unbekanntes Feld")]
    [InlineData("""{ "hoursOrdered": 40, "hoursOrdered": 41, "courtDecisionDate": "2026-11-30" }""", "hoursOrdered", "mehrfach")]
    [InlineData("""{ "hoursOrdered": 40, """, "$", "Kein gültiges JSON")]
    [InlineData("", "$", "Leer")]
    [InlineData("[]", "$", "genau einer Änderung")]
    public async Task An_invalid_amendment_is_refused_with_400_naming_the_field(string body, string field, string fragment)
    {
        await StartFromAsync(ReferralStatus.InProgress);

        var response = await PostAsync("amend", body);

        await AssertFieldErrorAsync(response, field, fragment);
        Assert.Empty(await AmendmentsSentAsync());
        Assert.Equal(ReferralStatus.InProgress, (await _host.ReferralAsync(_id))!.Status);
    }

    [Theory]
    [InlineData("""{ "reasonCode": "BORED", "effectiveDate": "2026-12-15" }""", "reasonCode", "Erlaubt: RELEASED_BY_COURT, MOVED_AWAY, PROCEEDINGS_DROPPED, OTHER")]
    [InlineData("""{ "effectiveDate": "2026-12-15" }""", "reasonCode", "Pflichtfeld fehlt")]
    [InlineData("""{ "reasonCode": "OTHER" }""", "effectiveDate", "Pflichtfeld fehlt")]
    [InlineData("""{ "reasonCode": "OTHER", "effectiveDate": "15.12.2026" }""", "effectiveDate", "JJJJ-MM-TT")]
    [InlineData("""{ "reasonCode": 3, "effectiveDate": "2026-12-15" }""", "reasonCode", "Text")]
    [InlineData("""{ "type": "withdrawal", "reasonCode": "OTHER", "effectiveDate": "2026-12-15" }""", "type", "Unbekanntes Feld")]
    public async Task An_invalid_withdrawal_is_refused_with_400_naming_the_field(string body, string field, string fragment)
    {
        var response = await PostAsync("withdraw", body);

        await AssertFieldErrorAsync(response, field, fragment);
        Assert.Single(await _host.OutboxAsync());
        Assert.Equal(ReferralStatus.Submitted, (await _host.ReferralAsync(_id))!.Status);
    }

    [Theory]
    [InlineData("amend", Amendment)]
    [InlineData("withdraw", Withdrawal)]
    public async Task A_change_to_an_unknown_referral_is_404(string action, string body)
    {
        var response = await _host.Client.PostAsync($"/jugendamt/api/referrals/{Guid.NewGuid()}/{action}", Json(body));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(await _host.OutboxAsync());
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted, "noch nicht angenommen")]
    [InlineData(ReferralStatus.Declined, "bereits beendet")]
    [InlineData(ReferralStatus.Completed, "bereits beendet")]
    [InlineData(ReferralStatus.Withdrawn, "bereits beendet")]
    [InlineData(ReferralStatus.Closed, "bereits beendet")]
    [InlineData(ReferralStatus.WithdrawalRequested, "Beendigung der Zuweisung ist beantragt")]
    public async Task An_amendment_in_a_status_that_does_not_allow_it_is_refused_with_409_and_a_german_reason(ReferralStatus status, string reason)
    {
        await StartFromAsync(status);

        var response = await PostAsync("amend", Amendment);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(reason, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains($"Stand {status}", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(await AmendmentsSentAsync());
        var referral = (await _host.ReferralAsync(_id))!;
        Assert.Equal(status, referral.Status);
        Assert.Equal(40m, referral.HoursOrdered);
        Assert.Equal("AmendmentRefused", (await _host.HistoryAsync(_id)).Last().Kind);
    }

    [Theory]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.IntakeScheduled)]
    [InlineData(ReferralStatus.IntakeHeld)]
    [InlineData(ReferralStatus.IntakeMissed)]
    [InlineData(ReferralStatus.Placed)]
    [InlineData(ReferralStatus.InProgress)]
    [InlineData(ReferralStatus.NonComplianceReported)]
    [InlineData(ReferralStatus.AwaitingCourt)]
    [InlineData(ReferralStatus.Amended)]
    public async Task An_amendment_is_allowed_once_accepted_and_until_the_referral_ends(ReferralStatus status)
    {
        await StartFromAsync(status);

        var response = await PostAsync("amend", Amendment);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(ReferralStatus.Amended, (await _host.ReferralAsync(_id))!.Status);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined, "bereits beendet")]
    [InlineData(ReferralStatus.Completed, "bereits beendet")]
    [InlineData(ReferralStatus.Withdrawn, "bereits beendet")]
    [InlineData(ReferralStatus.Closed, "bereits beendet")]
    [InlineData(ReferralStatus.WithdrawalRequested, "bereits beantragt")]
    public async Task A_withdrawal_of_a_referral_that_has_ended_is_refused_with_409_and_a_german_reason(ReferralStatus status, string reason)
    {
        await StartFromAsync(status);

        var response = await PostAsync("withdraw", Withdrawal);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(reason, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Single(await _host.OutboxAsync());
        Assert.Equal(status, (await _host.ReferralAsync(_id))!.Status);
        Assert.Equal("WithdrawalRefused", (await _host.HistoryAsync(_id)).Last().Kind);
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.IntakeMissed)]
    [InlineData(ReferralStatus.InProgress)]
    [InlineData(ReferralStatus.NonComplianceReported)]
    [InlineData(ReferralStatus.AwaitingCourt)]
    [InlineData(ReferralStatus.Amended)]
    public async Task A_withdrawal_is_allowed_until_the_referral_ends(ReferralStatus status)
    {
        await StartFromAsync(status);

        var response = await PostAsync("withdraw", Withdrawal);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var referral = (await _host.ReferralAsync(_id))!;
        Assert.Equal(ReferralStatus.WithdrawalRequested, referral.Status);
        Assert.Equal(status == ReferralStatus.Amended ? null : status, referral.StatusBeforeChange);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_amend_and_withdraw_routes_with_their_bodies()
    {
        var document = (await _host.Client.GetFromJsonAsync<JsonObject>("/jugendamt/openapi/jugendamt.json"))!;

        var paths = document["paths"]!.AsObject();
        var amend = paths["/jugendamt/api/referrals/{referralId}/amend"]!["post"]!;
        var withdraw = paths["/jugendamt/api/referrals/{referralId}/withdraw"]!["post"]!;
        Assert.Contains("court decision", (string)amend["summary"]!, StringComparison.Ordinal);
        Assert.Contains("AmendmentRequest", amend["requestBody"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("WithdrawalRequest", withdraw["requestBody"]!.ToJsonString(), StringComparison.Ordinal);
        foreach (var status in new[] { "202", "400", "404", "409" })
        {
            Assert.NotNull(amend["responses"]![status]);
            Assert.NotNull(withdraw["responses"]![status]);
        }

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(
            ["courtDecisionDate", "deadline", "hoursOrdered"],
            schemas["AmendmentRequest"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["effectiveDate", "reasonCode"],
            schemas["WithdrawalRequest"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private Task StartFromAsync(ReferralStatus status, Action<Referral>? more = null) =>
        _host.UpdateReferralAsync(_id, r =>
        {
            r.Status = status;
            more?.Invoke(r);
        });

    private Task<HttpResponseMessage> PostAsync(string action, string body) =>
        _host.Client.PostAsync($"/jugendamt/api/referrals/{_id}/{action}", Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<List<OutboxMessage>> AmendmentsSentAsync() =>
        (await _host.OutboxAsync()).Where(m => m.MessageType == OutboxMessageTypes.NameOf(typeof(AmendReferral))).ToList();

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string fragment)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"Expected an error on '{field}'; got {errors.ToJsonString()}");
        Assert.Contains(errors[field]!.AsArray(), m => ((string)m!).Contains(fragment, StringComparison.Ordinal));
    }
}
