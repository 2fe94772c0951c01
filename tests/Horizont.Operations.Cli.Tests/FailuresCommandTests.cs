using System.Net;
using Horizont.Operations.Cli.Tests.Support;
using Horizont.Operations.Endpoints;
using Horizont.Operations.Failures;
using Microsoft.AspNetCore.Http;

namespace Horizont.Operations.Cli.Tests;

public sealed class FailuresCommandTests
{
    internal const string GroupId = "3f2a9c0d1e4b5a67";

    private static readonly Guid s_messageId = Guid.Parse("0b6f3c1e-2a4d-4e5f-9a8b-7c6d5e4f3a21");
    private static readonly Guid s_referralId = Guid.Parse("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a");

    internal static FailureGroup Group { get; } = new(
        GroupId, "horizont-ev", "horizont-ev_error", "SubmitReferral", "System.InvalidOperationException", "Zuweisung {id} ist unvollständig",
        Count: 2, FirstSeen: new DateTimeOffset(2027, 1, 12, 8, 30, 0, TimeSpan.Zero), LastSeen: new DateTimeOffset(2027, 7, 1, 10, 5, 0, TimeSpan.Zero),
        MessageIds: [s_messageId, Guid.NewGuid()]);

    private static FailedMessage Message { get; } = new()
    {
        MessageId = s_messageId,
        ReferralId = s_referralId,
        MessageType = "SubmitReferral",
        OriginalQueue = "horizont-ev",
        ErrorQueue = "horizont-ev_error",
        Reason = "fault",
        ExceptionType = "System.InvalidOperationException",
        ExceptionMessage = $"Zuweisung {s_referralId} ist unvollständig",
        StackTrace = "   at Horizont.Provider.Consumers.SubmitReferralConsumer.Consume()",
        FailedAt = new DateTimeOffset(2027, 7, 1, 10, 5, 0, TimeSpan.Zero),
        ReplayCount = 1,
        Headers = new Dictionary<string, string> { ["MT-Host-MachineName"] = "ops-1", ["MT-Reason"] = "fault" },
    };

    [Fact]
    public async Task Failure_groups_are_listed_with_error_count_and_german_times_and_exit_1()
    {
        var api = new FakeOperationsApi().Get("/ops/api/failures", Wire.Json(new FailuresAnswer(null, [Group])));

        var result = await OpsRun.RunAsync(api, "failures");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        foreach (var header in new[] { "Gruppe", "Queue", "Typ", "Fehler", "Anzahl", "Zuerst", "Zuletzt" })
            Assert.Contains(header, result.Output);
        Assert.Equal(
            [GroupId, "horizont-ev", "SubmitReferral", "System.InvalidOperationException: Zuweisung {id} ist unvollständig", "2", "12.01.2027 09:30", "01.07.2027 12:05"],
            QueuesCommandTests.Cells(QueuesCommandTests.Line(result.Output, GroupId)));
    }

    [Fact]
    public async Task No_failures_but_an_unavailable_reason_prints_the_reason_and_exits_0()
    {
        const string reason = "Der In-Memory-Transport bewahrt fehlgeschlagene Nachrichten nicht auf.";
        var api = new FakeOperationsApi().Get("/ops/api/failures", Wire.Json(new FailuresAnswer(reason, [])));

        var result = await OpsRun.RunAsync(api, "failures");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        Assert.Contains(reason, result.Output);
        Assert.DoesNotContain("Gruppe", result.Output);
    }

    [Fact]
    public async Task A_group_shows_its_messages_with_ids_time_exception_and_headers_but_no_stack_trace()
    {
        var api = new FakeOperationsApi().Get($"/ops/api/failures/{GroupId}", Wire.Json(new FailureGroupAnswer(Group, [Message])));

        var result = await OpsRun.RunAsync(api, "failures", GroupId);

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Contains(s_messageId.ToString(), result.Output);
        Assert.Contains(s_referralId.ToString(), result.Output);
        Assert.Contains("01.07.2027 12:05", result.Output);
        Assert.Contains($"System.InvalidOperationException: Zuweisung {s_referralId} ist unvollständig", result.Output);
        Assert.Contains("MT-Host-MachineName: ops-1", result.Output);
        Assert.Contains("horizont-ev_error", result.Output);
        Assert.DoesNotContain("SubmitReferralConsumer.Consume", result.Output);
    }

    [Fact]
    public async Task A_group_with_stack_shows_the_stack_trace()
    {
        var api = new FakeOperationsApi().Get($"/ops/api/failures/{GroupId}", Wire.Json(new FailureGroupAnswer(Group, [Message])));

        var result = await OpsRun.RunAsync(api, "failures", GroupId, "--stack");

        Assert.Contains("Stacktrace", result.Output);
        Assert.Contains("at Horizont.Provider.Consumers.SubmitReferralConsumer.Consume()", result.Output);
    }

    [Fact]
    public async Task A_group_no_longer_in_an_error_queue_exits_4_with_the_api_detail()
    {
        var problem = await Wire.BodyOfAsync(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Fehlergruppe nicht gefunden",
            detail: "Keine fehlgeschlagene Nachricht gehört (noch) zur Gruppe 0000000000000000."));
        var api = new FakeOperationsApi().Get("/ops/api/failures/0000000000000000", problem, HttpStatusCode.NotFound);

        var result = await OpsRun.RunAsync(api, "failures", "0000000000000000");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("Fehlergruppe nicht gefunden: Keine fehlgeschlagene Nachricht gehört (noch) zur Gruppe 0000000000000000.", result.Output);
    }

    [Fact]
    public async Task Json_prints_the_answer_unchanged_and_parseable()
    {
        var answer = Wire.Json(new FailuresAnswer(null, [Group]));
        var api = new FakeOperationsApi().Get("/ops/api/failures", answer);

        var result = await OpsRun.RunAsync(api, "failures", "--json");

        Assert.Equal(ExitCodes.Attention, result.ExitCode);
        Assert.Equal(answer, result.Output.Trim());
        var parsed = System.Text.Json.JsonSerializer.Deserialize<FailuresAnswer>(result.Output, Wire.HostOptions)!;
        Assert.Equal(GroupId, Assert.Single(parsed.Groups).Id);
        Assert.DoesNotContain("│", result.Output);
    }
}
