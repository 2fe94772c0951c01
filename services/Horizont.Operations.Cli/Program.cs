using Horizont.Operations.Cli;
using Horizont.Operations.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
// Piped into a file or a pager there is no terminal width; Spectre would then squeeze tables into 80 columns.
if (Console.IsOutputRedirected)
    console.Profile.Width = 240;

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var environment = new Dictionary<string, string?>
{
    [OpsCommandLine.UrlVariable] = Environment.GetEnvironmentVariable(OpsCommandLine.UrlVariable),
    [OpsCommandLine.KeyVariable] = Environment.GetEnvironmentVariable(OpsCommandLine.KeyVariable),
    [ProvisionBrokerCommand.ManagementUrlVariable] = Environment.GetEnvironmentVariable(ProvisionBrokerCommand.ManagementUrlVariable),
    [ProvisionBrokerCommand.AdminUserVariable] = Environment.GetEnvironmentVariable(ProvisionBrokerCommand.AdminUserVariable),
    [ProvisionBrokerCommand.AdminPasswordVariable] = Environment.GetEnvironmentVariable(ProvisionBrokerCommand.AdminPasswordVariable),
};
return await OpsCommandLine.RunAsync(args, http, console, environment);
