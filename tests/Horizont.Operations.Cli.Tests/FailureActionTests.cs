using System.Net;
using System.Text.Json;
using Horizont.Operations.Cli.Tests.Support;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;
using Microsoft.AspNetCore.Http;

namespace Horizont.Operations.Cli.Tests;

public sealed class FailureActionTests
{
    private const string GroupId = FailuresCommandTests.GroupId;

    private static readonly Guid s_done1 = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid s_done2 = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid s_stuck = Guid.Parse("33333333-3333-4333-8333-333333333333");

    [Fact]
    public async Task Replay_of_a_group_sends_the_key_from_the_environment_and_reports_what_moved()
    {
        var api = new FakeOperationsApi().Post($"/ops/api/failures/{GroupId}/replay", Wire.Json(new ActionOutcome([s_done1, s_done2], [])));

        var result = await OpsRun.RunAsync(api, "replay", GroupId);

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        var request = Assert.Single(api.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("ApiKey " + OpsRun.Key, request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("X-Horizont-User"));
        Assert.Contains("2 Nachrichten wiederholt", result.Output);
    }

    [Fact]
    public async Task Replay_of_one_message_sends_the_key()
    {
        var api = new FakeOperationsApi().Post($"/ops/api/failures/messages/{s_done1}/replay", Wire.Json(new ActionOutcome([s_done1], [])));

        var result = await OpsRun.RunAsync(api, "replay", "--message", s_done1.ToString());

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Equal("ApiKey " + OpsRun.Key, Assert.Single(api.Requests).Headers["Authorization"]);
        Assert.Contains("1 Nachricht wiederholt", result.Output);
    }

    [Fact]
    public async Task Replay_with_messages_that_could_not_be_moved_lists_each_and_exits_1()
    {
        var outcome = new ActionOutcome([s_done1], [new ActionFailure(s_stuck, "Der Broker hat das Senden nicht bestätigt.")]);
        var api = new FakeOperationsApi().Post($"/ops/api/failures/{GroupId}/replay", Wire.Json(outcome));

        var result = await OpsRun.RunAsync(api, "replay", GroupId);

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Contains("1 Nachricht wiederholt", result.Output);
        Assert.Contains($"{s_stuck}: Der Broker hat das Senden nicht bestätigt.", result.Output);
    }

    [Fact]
    public async Task Discard_sends_the_reason_as_json_and_exits_0()
    {
        var api = new FakeOperationsApi().Post($"/ops/api/failures/{GroupId}/discard", Wire.Json(new ActionOutcome([s_done1, s_done2], [])));

        var result = await OpsRun.RunAsync(api, "discard", GroupId, "--reason", "  Doppelt gesendet, mit dem Jugendamt geklärt ");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        var request = Assert.Single(api.Requests);
        var body = JsonSerializer.Deserialize<DiscardRequest>(request.Body!, Wire.HostOptions)!;
        Assert.Equal("Doppelt gesendet, mit dem Jugendamt geklärt", body.Reason);
        Assert.Equal("ApiKey " + OpsRun.Key, request.Headers["Authorization"]);
        Assert.Contains("2 Nachrichten verworfen", result.Output);
    }

    [Theory]
    [InlineData("discard", GroupId)]
    [InlineData("discard", "--message", "11111111-1111-4111-8111-111111111111")]
    [InlineData("discard", GroupId, "--reason", "   ")]
    public async Task Discard_without_a_reason_is_a_usage_error_and_sends_nothing(params string[] args)
    {
        var api = new FakeOperationsApi();

        var result = await OpsRun.RunAsync(api, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(api.Requests);
        Assert.Contains("Bitte einen Grund angeben", result.Output);
    }

    [Fact]
    public async Task A_reason_the_service_rejects_is_printed_in_german_and_exits_2()
    {
        var problem = await Wire.BodyOfAsync(OperationsApi.CheckReason(null)!);
        var api = new FakeOperationsApi().Post($"/ops/api/failures/{GroupId}/discard", problem, HttpStatusCode.BadRequest);

        var result = await OpsRun.RunAsync(api, "discard", GroupId, "--reason", "Test");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(OperationsApi.ReasonError(null)!, result.Output);
    }

    [Fact]
    public async Task Replay_of_a_message_no_longer_in_an_error_queue_exits_4()
    {
        var problem = await Wire.BodyOfAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nachricht nicht gefunden",
            detail: $"Die Nachricht {s_stuck} liegt in keiner Fehler-Queue (mehr)."));
        var api = new FakeOperationsApi().Post($"/ops/api/failures/messages/{s_stuck}/replay", problem, HttpStatusCode.NotFound);

        var result = await OpsRun.RunAsync(api, "replay", "--message", s_stuck.ToString());

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"Die Nachricht {s_stuck} liegt in keiner Fehler-Queue (mehr).", result.Output);
    }
}
