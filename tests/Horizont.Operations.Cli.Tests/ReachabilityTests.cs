using System.Net;
using System.Net.Sockets;
using Horizont.Operations.Cli.Tests.Support;

namespace Horizont.Operations.Cli.Tests;

public sealed class ReachabilityTests
{
    [Fact]
    public async Task A_service_nobody_listens_for_exits_3_naming_the_url()
    {
        var url = $"http://127.0.0.1:{FreePort()}/";
        using var handler = new HttpClientHandler();

        var result = await OpsRun.RunAsync(handler, new Dictionary<string, string?>(), "--url", url, "heartbeats");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"Der Betriebsdienst unter {url} ist nicht erreichbar", result.Output);
    }

    [Fact]
    public async Task A_server_error_exits_3_naming_the_url()
    {
        var api = new FakeOperationsApi().Get("/ops/api/queues", """{"title":"An error occurred while processing your request.","status":500}""", HttpStatusCode.InternalServerError);

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"Der Betriebsdienst unter {FakeOperationsApi.BaseUrl} meldet einen Fehler (HTTP 500 für /ops/api/queues).", result.Output);
    }

    [Fact]
    public async Task An_address_without_the_operations_api_exits_3_not_4()
    {
        // The host's status code pages answer a missing route with a problem document that has no detail.
        var api = new FakeOperationsApi().Get("/ops/api/heartbeats", """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}""", HttpStatusCode.NotFound);

        var result = await OpsRun.RunAsync(api, "heartbeats");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("gibt es keine Operations-API (HTTP 404)", result.Output);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_operations_api_exits_3()
    {
        var api = new FakeOperationsApi().Get("/ops/api/queues", "<html>Anmeldung</html>");

        var result = await OpsRun.RunAsync(api, "queues");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("keine Antwort der Operations-API", result.Output);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
