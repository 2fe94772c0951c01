using Horizont.Operations.Cli.Tests.Support;

namespace Horizont.Operations.Cli.Tests;

public sealed class ArgumentsTests
{
    [Fact]
    public async Task Help_prints_the_german_usage_with_every_command_and_exit_code()
    {
        var result = await OpsRun.RunAsync(new FakeOperationsApi(), "--help");

        Assert.Equal(ExitCodes.Done, result.ExitCode);
        foreach (var text in new[] { "Aufruf:", "queues", "failures <Gruppe> [--stack]", "replay --message <ID>", "discard <Gruppe> --reason", "heartbeats", "alerts [--open|--all]", "--url", "--json", "Anmeldung:", "HORIZONT_OPS_KEY", "--role Operations", "Exit-Codes:" })
            Assert.Contains(text, result.Output);
        Assert.DoesNotContain("--user", result.Output);
        foreach (var code in new[] { "0  erledigt", "1  erledigt, und es gibt etwas anzusehen", "2  Aufruf fehlerhaft", "3  Dienst nicht erreichbar", "4  nicht gefunden", "5  nicht angemeldet", "6  der Schlüssel hat nicht die Rolle Operations" })
            Assert.Contains(code, result.Output);
    }

    [Fact]
    public async Task No_arguments_print_the_usage_and_exit_2()
    {
        var result = await OpsRun.RunAsync(new FakeOperationsApi());

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Kein Befehl angegeben.", result.Output);
        Assert.Contains("Exit-Codes:", result.Output);
    }

    [Theory]
    [InlineData("Unbekannter Befehl „frobnicate“", "frobnicate")]
    [InlineData("Unbekannte Option „--verbose“", "queues", "--verbose")]
    [InlineData("Die Option --stack gilt nicht für „queues“", "queues", "--stack")]
    [InlineData("--stack gilt nur mit einer Gruppe", "failures", "--stack")]
    [InlineData("„replay“ braucht eine Gruppe oder --message <ID>", "replay")]
    [InlineData("„kaputt“ ist keine Nachrichten-ID", "replay", "--message", "kaputt")]
    [InlineData("entweder eine Gruppe oder --message", "replay", "abc", "--message", "11111111-1111-4111-8111-111111111111")]
    [InlineData("Entweder --open oder --all", "alerts", "--open", "--all")]
    [InlineData("Die Option --url braucht einen Wert", "queues", "--url")]
    [InlineData("Die Option --user gibt es nicht mehr: wer handelt, sagt der API-Schlüssel in HORIZONT_OPS_KEY", "replay", "abc", "--user", "lena")]
    [InlineData("„ftp://ops“ (--url) ist keine Adresse", "queues", "--url", "ftp://ops")]
    public async Task A_wrong_call_is_a_usage_error_before_any_request(string message, params string[] args)
    {
        var api = new FakeOperationsApi();

        var result = await OpsRun.RunAsync(api, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Output);
        Assert.Contains("horizont-ops --help", result.Output);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void The_url_comes_from_the_option_else_the_environment_else_the_operations_default()
    {
        var environment = new Dictionary<string, string?> { ["HORIZONT_OPS_URL"] = "http://ops.intern:8080/horizont" };

        Assert.Equal(new Uri("http://localhost:5000/"), OpsCommandLine.Parse(["--url", "http://localhost:5000", "queues"], environment).Invocation!.BaseUrl);
        Assert.Equal(new Uri("http://ops.intern:8080/horizont/"), OpsCommandLine.Parse(["queues"], environment).Invocation!.BaseUrl);
        Assert.Equal(new Uri("http://localhost:5300/"), OpsCommandLine.Parse(["queues"], new Dictionary<string, string?>()).Invocation!.BaseUrl);
    }

    [Fact]
    public void Options_may_stand_before_or_after_the_command()
    {
        var environment = new Dictionary<string, string?> { ["HORIZONT_OPS_KEY"] = " hzk_key " };

        var before = OpsCommandLine.Parse(["--json", "--url=http://ops:5300", "discard", "--reason=Test", "abc"], environment).Invocation!;
        var after = OpsCommandLine.Parse(["discard", "abc", "--reason", "Test", "--url", "http://ops:5300", "--json"], environment).Invocation!;

        Assert.Equal(before, after);
        Assert.Equal(("discard", "abc", " hzk_key ", true, "Test"), (after.Command, after.GroupId, after.ApiKey, after.Json, after.Reason));
    }
}
