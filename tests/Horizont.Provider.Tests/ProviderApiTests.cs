using Horizont.Hosting.Outbox;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Horizont.Messages;
using Horizont.Provider.Data;
using Horizont.Provider.Endpoints;
using Horizont.Provider.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static Horizont.Provider.Tests.Support.Problems;

namespace Horizont.Provider.Tests;

public sealed class ProviderApiTests
{
    [Fact]
    public async Task Submitted_referral_appears_in_the_case_list_with_the_young_persons_name()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();

        var listed = await host.SubmitAndWaitAsync(referral);

        Assert.Equal(CaseState.Submitted, listed.Status);
        Assert.Equal(referral.FileReference, listed.FileReference);
        Assert.Equal(Referrals.Jugendamt, listed.JugendamtId);
        Assert.Equal(40m, listed.HoursOrdered);
        Assert.Equal(referral.Deadline, listed.Deadline);
        Assert.Equal(new PersonName(Referrals.GivenName, Referrals.FamilyName), listed.YoungPerson);
    }

    [Fact]
    public async Task Case_list_shows_the_newest_first_and_filters_by_state()
    {
        await using var host = await ProviderHost.StartAsync();
        var older = await host.SubmitAndWaitAsync(Referrals.Valid());
        var newer = await host.SubmitAndWaitAsync(Referrals.Valid());
        (await host.Client.PostAsync($"/provider/api/cases/{older.ReferralId}/accept", null)).EnsureSuccessStatusCode();

        var all = await host.Client.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases", ProviderHost.Json);
        var submitted = await host.Client.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases?state=Submitted", ProviderHost.Json);
        var accepted = await host.Client.GetFromJsonAsync<List<CaseSummary>>("/provider/api/cases?state=Accepted", ProviderHost.Json);

        Assert.Equal([newer.ReferralId, older.ReferralId], all!.Select(c => c.ReferralId));
        Assert.Equal(newer.ReferralId, Assert.Single(submitted!).ReferralId);
        Assert.Equal(older.ReferralId, Assert.Single(accepted!).ReferralId);
    }

    [Fact]
    public async Task Unknown_state_filter_is_rejected_naming_state_and_listing_the_values()
    {
        await using var host = await ProviderHost.StartAsync();

        var response = await host.Client.GetAsync("/provider/api/cases?state=Lost");

        var problem = await ValidationProblemOf(response);
        var message = Assert.Single(problem.Errors["state"]);
        Assert.Contains("Lost", message, StringComparison.Ordinal);
        Assert.All(Enum.GetNames<CaseState>(), name => Assert.Contains(name, message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Case_detail_shows_the_young_person_constraints_caseworker_and_history()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var json = await host.Client.GetStringAsync($"/provider/api/cases/{referral.ReferralId}");
        var detail = JsonSerializer.Deserialize<CaseDetail>(json, ProviderHost.Json);

        // The wire names the staff front end relies on.
        Assert.Contains("\"status\":\"Submitted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"hoursCompleted\":0", json, StringComparison.Ordinal);
        Assert.Contains("\"flags\":[]", json, StringComparison.Ordinal);
        Assert.Contains("\"deadline\":\"2027-02-01\"", json, StringComparison.Ordinal);
        Assert.NotNull(detail);
        Assert.Equal(CaseState.Submitted, detail.Status);
        Assert.Equal(40m, detail.HoursOrdered);
        Assert.Equal(0m, detail.HoursCompleted);
        Assert.Equal(referral.Deadline, detail.Deadline);
        Assert.Empty(detail.Flags);
        Assert.Equal(Referrals.GivenName, detail.YoungPerson.GivenName);
        Assert.Equal(Referrals.DateOfBirth, detail.YoungPerson.DateOfBirth);
        Assert.Equal("Ortrud Quastenberg", detail.YoungPerson.Guardian?.Name);
        Assert.Equal(referral.WorkConstraints, detail.WorkConstraints);
        Assert.Equal("Frau Sachbearbeiterin", detail.Caseworker.Name);
        Assert.Equal(LegalBasisCodes.Jgg15, detail.LegalBasis);
        var received = Assert.Single(detail.History);
        Assert.Equal(CaseHistoryKinds.ReferralReceived, received.Kind);
        Assert.Equal(Referrals.Jugendamt, received.Actor);
        Assert.NotNull(received.MessageId);
    }

    [Fact]
    public async Task Unknown_case_is_not_found()
    {
        await using var host = await ProviderHost.StartAsync();
        var unknown = Guid.NewGuid();

        var get = await host.Client.GetAsync($"/provider/api/cases/{unknown}");
        var accept = await host.Client.PostAsync($"/provider/api/cases/{unknown}/accept", null);
        var decline = await host.Client.PostAsJsonAsync($"/provider/api/cases/{unknown}/decline", new DeclineRequest(DeclineReasonCodes.NoCapacity, null));

        foreach (var response in new[] { get, accept, decline })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Contains(unknown.ToString(), problem!.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Accepted_referral_is_reported_back_to_the_referring_jugendamt()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var response = await (await host.ClientAsync("m.mueller")).PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<CaseSummary>(ProviderHost.Json);
        Assert.Equal(CaseState.Accepted, summary!.Status);

        var row = Assert.Single(await host.OutboxAsync());
        Assert.Equal(Referrals.Jugendamt, row.DestinationAgencyId);
        Assert.Equal(referral.ReferralId, row.ReferralId);
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(ReferralAccepted)), row.MessageType);
        var accepted = JsonSerializer.Deserialize<ReferralAccepted>(row.Body)!;
        Assert.Equal(referral.ReferralId, accepted.ReferralId);
        Assert.Equal(Referrals.Provider, accepted.SenderAgencyId);
        Assert.Equal(Referrals.Jugendamt, accepted.ReceiverAgencyId);
        Assert.NotEqual(default, accepted.AcceptedAt);

        await Eventually.UntilAsync(async () => (await host.OutboxAsync()).Single().SentAt is not null, "the outbox to send ReferralAccepted");

        var detail = await host.Client.GetFromJsonAsync<CaseDetail>($"/provider/api/cases/{referral.ReferralId}", ProviderHost.Json);
        Assert.Equal(CaseState.Accepted, detail!.Status);
        Assert.Equal(accepted.AcceptedAt, detail.AcceptedAt);
        Assert.Collection(detail.History,
            h => Assert.Equal(CaseHistoryKinds.ReferralReceived, h.Kind),
            h => Assert.Equal((CaseHistoryKinds.Accepted, "m.mueller"), (h.Kind, h.Actor)),
            h => Assert.Equal((CaseHistoryKinds.MessageSent, (Guid?)row.MessageId), (h.Kind, h.MessageId)));
    }

    [Fact]
    public async Task Declined_referral_is_reported_back_with_reason()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var response = await host.Client.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/decline",
            new DeclineRequest(DeclineReasonCodes.NoCapacity, "Bis Februar keine Plätze frei."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<CaseSummary>(ProviderHost.Json);
        Assert.Equal(CaseState.Declined, summary!.Status);

        var row = Assert.Single(await host.OutboxAsync());
        Assert.Equal(Referrals.Jugendamt, row.DestinationAgencyId);
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(ReferralDeclined)), row.MessageType);
        var declined = JsonSerializer.Deserialize<ReferralDeclined>(row.Body)!;
        Assert.Equal(referral.ReferralId, declined.ReferralId);
        Assert.Equal(Referrals.Provider, declined.SenderAgencyId);
        Assert.Equal(Referrals.Jugendamt, declined.ReceiverAgencyId);
        Assert.Equal(DeclineReasonCodes.NoCapacity, declined.ReasonCode);
        Assert.Equal("Bis Februar keine Plätze frei.", declined.Note);

        await Eventually.UntilAsync(async () => (await host.OutboxAsync()).Single().SentAt is not null, "the outbox to send ReferralDeclined");

        var detail = await host.Client.GetFromJsonAsync<CaseDetail>($"/provider/api/cases/{referral.ReferralId}", ProviderHost.Json);
        Assert.Equal(DeclineReasonCodes.NoCapacity, detail!.DeclineReasonCode);
        Assert.Equal("Bis Februar keine Plätze frei.", detail.DeclineNote);
        Assert.Contains(detail.History, h => h.Kind == CaseHistoryKinds.Declined && h.Actor == ProviderHost.Staff);
    }

    [Fact]
    public async Task Decline_with_an_unknown_reason_code_is_rejected_naming_the_field()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var response = await host.Client.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/decline", new DeclineRequest("TOO_BUSY", null));

        var problem = await ValidationProblemOf(response);
        var message = Assert.Single(problem.Errors["reasonCode"]);
        Assert.Contains("TOO_BUSY", message, StringComparison.Ordinal);
        Assert.All(DeclineReasonCodes.All, code => Assert.Contains(code, message, StringComparison.Ordinal));
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task Decline_without_a_reason_or_with_a_long_note_is_rejected_naming_the_fields()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);

        var response = await host.Client.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/decline", new DeclineRequest(null, new string('x', 501)));

        var problem = await ValidationProblemOf(response);
        Assert.Contains("reasonCode", problem.Errors.Keys);
        Assert.Contains("note", problem.Errors.Keys);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task Accepting_twice_is_a_conflict_and_sends_nothing_more()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        (await host.Client.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null)).EnsureSuccessStatusCode();

        var again = await host.Client.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null);

        var problem = await ConflictOf(again);
        Assert.Equal("Die Zuweisung ist bereits angenommen.", problem.Detail);
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task Declining_an_accepted_case_is_a_conflict()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        (await host.Client.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null)).EnsureSuccessStatusCode();

        var decline = await host.Client.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/decline", new DeclineRequest(DeclineReasonCodes.Other, null));

        var problem = await ConflictOf(decline);
        Assert.Equal("Die Zuweisung ist bereits angenommen.", problem.Detail);
        var row = Assert.Single(await host.OutboxAsync());
        Assert.Equal(OutboxMessageTypes.NameOf(typeof(ReferralAccepted)), row.MessageType);
    }

    [Fact]
    public async Task Accepting_a_declined_case_is_a_conflict()
    {
        await using var host = await ProviderHost.StartAsync();
        var referral = Referrals.Valid();
        await host.SubmitAndWaitAsync(referral);
        (await host.Client.PostAsJsonAsync($"/provider/api/cases/{referral.ReferralId}/decline", new DeclineRequest(DeclineReasonCodes.NotResponsible, null)))
            .EnsureSuccessStatusCode();

        var accept = await host.Client.PostAsync($"/provider/api/cases/{referral.ReferralId}/accept", null);

        var problem = await ConflictOf(accept);
        Assert.Equal("Die Zuweisung ist bereits abgelehnt.", problem.Detail);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_provider_routes_under_the_provider_prefix()
    {
        await using var host = await ProviderHost.StartAsync();

        var document = await host.Client.GetStringAsync("/provider/openapi/provider.json");
        var other = await host.Client.GetAsync("/provider/openapi/jugendamt.json");

        Assert.Contains("/provider/api/cases/{referralId}/decline", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
