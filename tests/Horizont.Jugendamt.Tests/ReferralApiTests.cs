using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Horizont.Jugendamt.Tests.Support;

namespace Horizont.Jugendamt.Tests;

public sealed class ReferralApiTests : IAsyncLifetime
{
    private const string Referrals = "/jugendamt/api/referrals";
    private JugendamtHost _host = null!;

    public async Task InitializeAsync() => _host = await JugendamtHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_valid_referral_is_accepted_with_202_its_id_and_a_location()
    {
        var response = await PostAsync(TestReferrals.Json());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = await ReferralIdOf(response);
        Assert.Equal($"{Referrals}/{id}", response.Headers.Location!.OriginalString);
        var outbox = Assert.Single(await _host.OutboxAsync());
        Assert.Equal("horizont-ev", outbox.DestinationAgencyId);
        Assert.Equal(id, outbox.ReferralId);
    }

    [Fact]
    public async Task A_given_referral_id_is_kept()
    {
        var json = TestReferrals.Json();
        json["referralId"] = "0b6d6c3e-1f7a-4b7e-8e44-0f2f5d1c9a10";

        var response = await PostAsync(json);

        Assert.Equal(Guid.Parse("0b6d6c3e-1f7a-4b7e-8e44-0f2f5d1c9a10"), await ReferralIdOf(response));
    }

    [Fact]
    public async Task An_invalid_referral_is_refused_with_400_naming_the_field()
    {
        var json = TestReferrals.Json();
        json["youngPerson"]!["dateOfBirth"] = TestReferrals.MinorBirthDate;

        var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(400, (int)problem!["status"]!);
        var messages = problem["errors"]!["youngPerson.guardian"]!.AsArray();
        Assert.Contains("Minderjährige", (string)messages[0]!, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.FamilyName, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await _host.OutboxAsync());
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_400()
    {
        var response = await _host.Client.PostAsync(Referrals, new StringContent("{\"jugendamtId\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("Kein gültiges JSON", (string)problem!["errors"]!["$"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identical_repeat_is_answered_200_with_the_same_id_and_sends_nothing_more()
    {
        var first = await PostAsync(TestReferrals.Json());
        var repeat = await PostAsync(TestReferrals.Json());

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await ReferralIdOf(first), await ReferralIdOf(repeat));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Single(await _host.OutboxAsync());
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_refused_with_409()
    {
        var json = TestReferrals.Json();
        json["referralId"] = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
        await PostAsync(json);
        json["deadline"] = "2027-09-30";

        var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("Änderungsmitteilung", (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Single(await _host.OutboxAsync());
    }

    [Fact]
    public async Task The_detail_shows_status_figures_and_history_but_no_personal_data()
    {
        var id = await ReferralIdOf(await PostAsync(TestReferrals.Json()));

        var response = await _host.Client.GetAsync($"{Referrals}/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(id, Guid.Parse((string)detail["referralId"]!));
        Assert.Equal("Submitted", (string)detail["status"]!);
        Assert.Equal("horizont-ev", (string)detail["providerId"]!);
        Assert.Equal("JGH-2026-0815", (string)detail["fileReference"]!);
        Assert.Equal("JGG_10", (string)detail["legalBasis"]!);
        Assert.Equal(40m, (decimal)detail["hoursOrdered"]!);
        Assert.Equal(0m, (decimal)detail["hoursCompleted"]!);
        Assert.Equal("2027-06-30", (string)detail["deadline"]!);
        Assert.Empty(detail["flags"]!.AsArray());
        Assert.Null(detail["declineReason"]);
        var history = Assert.Single(detail["history"]!.AsArray())!;
        Assert.Equal("SubmitReferral", (string)history["kind"]!);
        Assert.Equal(JugendamtHost.CaseSystem, (string)history["actor"]!);
        Assert.Equal((await _host.OutboxAsync())[0].MessageId, Guid.Parse((string)history["messageId"]!));
        Assert.NotNull(history["time"]);
        var text = detail.ToJsonString();
        Assert.DoesNotContain(TestReferrals.GivenName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.FamilyName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestReferrals.AdultBirthDate, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_referral_is_404()
    {
        var response = await _host.Client.GetAsync($"{Referrals}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_list_shows_ids_file_references_providers_status_and_dates_only()
    {
        var first = await ReferralIdOf(await PostAsync(TestReferrals.Json()));
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = TestReferrals.Json();
        second["fileReference"] = "JGH-2026-0816";
        second["providerId"] = "brueckenbau-ev";
        var secondId = await ReferralIdOf(await PostAsync(second));

        var list = (await _host.Client.GetFromJsonAsync<JsonArray>(Referrals))!;

        Assert.Equal([secondId, first], list.Select(i => Guid.Parse((string)i!["referralId"]!)));
        var item = list[0]!.AsObject();
        Assert.Equal(
            ["answeredAt", "deadline", "fileReference", "providerId", "referralId", "status", "submittedAt", "updatedAt"],
            item.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("brueckenbau-ev", (string)item["providerId"]!);
        Assert.DoesNotContain(TestReferrals.FamilyName, list.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_filters_by_status()
    {
        await PostAsync(TestReferrals.Json());

        var submitted = (await _host.Client.GetFromJsonAsync<JsonArray>($"{Referrals}?status=Submitted"))!;
        var accepted = (await _host.Client.GetFromJsonAsync<JsonArray>($"{Referrals}?status=Accepted"))!;

        Assert.Single(submitted);
        Assert.Empty(accepted);
    }

    [Theory]
    [InlineData("Angenommen")]
    [InlineData("1")]
    [InlineData("")]
    public async Task An_unknown_status_is_refused_with_400_naming_status(string status)
    {
        var response = await _host.Client.GetAsync($"{Referrals}?status={status}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("Erlaubt: Submitted, Accepted, Declined", (string)problem!["errors"]!["status"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_referral_routes()
    {
        var document = await _host.Client.GetFromJsonAsync<JsonObject>("/jugendamt/openapi/jugendamt.json");

        var paths = document!["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/jugendamt/api/referrals"));
        Assert.True(paths.ContainsKey("/jugendamt/api/referrals/{referralId}"));
        Assert.False(paths.ContainsKey("/health/ready"));
    }

    [Fact]
    public async Task Only_the_jugendamt_document_is_served_under_its_prefix()
    {
        var response = await _host.Client.GetAsync("/jugendamt/openapi/provider.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(JsonNode json) =>
        _host.Client.PostAsync(Referrals, new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task<Guid> ReferralIdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("referralId").GetGuid();
    }
}
