using System.Net;
using Horizont.Operations.Cli.Tests.Support;

namespace Horizont.Operations.Cli.Tests;

/// <summary><c>horizont-ops</c> signs in with the API key from <c>HORIZONT_OPS_KEY</c> and says plainly when it is refused.</summary>
public sealed class SignInTests
{
    [Theory]
    [InlineData("queues")]
    [InlineData("failures")]
    [InlineData("heartbeats")]
    [InlineData("alerts")]
    public async Task Every_call_carries_the_key_as_an_api_key_authorization(string command)
    {
        var api = new FakeOperationsApi();

        await OpsRun.RunAsync(api, command);

        Assert.NotEmpty(api.Requests);
        Assert.All(api.Requests, r => Assert.Equal("ApiKey " + OpsRun.Key, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Without_a_key_nothing_is_sent_in_its_place_and_the_refusal_exits_5_naming_the_variable()
    {
        var api = new FakeOperationsApi().Get("/ops/api/heartbeats", "", HttpStatusCode.Unauthorized);

        var result = await OpsRun.RunAsync(api, new Dictionary<string, string?> { ["HORIZONT_OPS_URL"] = FakeOperationsApi.BaseUrl, ["USER"] = "anna.schmidt" }, "heartbeats");

        Assert.Equal(ExitCodes.NotSignedIn, result.ExitCode);
        Assert.False(Assert.Single(api.Requests).Headers.ContainsKey("Authorization"));
        Assert.Contains("Nicht angemeldet: HORIZONT_OPS_KEY fehlt oder der Schlüssel ist ungültig/gesperrt", result.Output);
        Assert.Contains("HORIZONT_OPS_KEY ist nicht gesetzt", result.Output);
    }

    [Fact]
    public async Task A_key_the_service_does_not_accept_exits_5()
    {
        var api = new FakeOperationsApi().Post($"/ops/api/failures/{FailuresCommandTests.GroupId}/replay", "", HttpStatusCode.Unauthorized);

        var result = await OpsRun.RunAsync(api, "replay", FailuresCommandTests.GroupId);

        Assert.Equal(ExitCodes.NotSignedIn, result.ExitCode);
        Assert.Contains("Nicht angemeldet: HORIZONT_OPS_KEY fehlt oder der Schlüssel ist ungültig/gesperrt", result.Output);
        Assert.Contains("gesperrt", result.Output);
        Assert.DoesNotContain("nicht gesetzt", result.Output);
    }

    [Fact]
    public async Task A_key_without_the_operations_role_exits_6()
    {
        var api = new FakeOperationsApi().Get("/ops/api/alerts?state=open", "", HttpStatusCode.Forbidden);

        var result = await OpsRun.RunAsync(api, "alerts");

        Assert.Equal(ExitCodes.NotAllowed, result.ExitCode);
        Assert.Contains("Der Schlüssel hat nicht die Rolle Operations", result.Output);
    }
}
