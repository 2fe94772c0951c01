using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Horizont.Hosting.Tests;

/// <summary>
/// docker-compose.yml as a container engine would read it (anchors and merge keys resolved), checked here because no
/// container engine runs on the build machine: two provider instances that share what they must, every service
/// waiting for a healthy broker and database, and no setting that would stop a service at start.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly YamlMappingNode Services = (YamlMappingNode)Load()["services"];
    private static readonly string[] AppServices = ["jugendamt", "provider", "provider-2", "operations"];

    [Fact]
    public void The_provider_runs_as_two_instances_of_one_agency_on_one_database_broker_user_and_data_volume()
    {
        var first = Environment("provider");
        var second = Environment("provider-2");

        // The public address too: it is the sign-in's issuer and the pages' registered redirect address in the shared
        // store, so two addresses would make each instance overwrite the other's at start and refuse the other's tokens.
        foreach (var key in new[] { "Provider__AgencyId", "ConnectionStrings__Provider", "ConnectionStrings__SignIn", "RabbitMqTransport__User", "Database__Provider", "Transport",
                     "Security__PublicUrl", "Reminders__LinkBaseUrl" })
        {
            Assert.True(first.ContainsKey(key), $"provider: environment lacks {key}");
            Assert.True(first[key] == second.GetValueOrDefault(key), $"provider-2: {key} is '{second.GetValueOrDefault(key)}', provider's is '{first[key]}'");
        }

        Assert.Equal("Postgres", first["Database__Provider"]);
        Assert.True(Volumes("provider").Contains("provider-data:/data"), "provider: the data volume provider-data:/data is missing");
        Assert.True(Volumes("provider-2").Contains("provider-data:/data"), "provider-2: must share provider-data:/data (sign-in keys) with provider");
    }

    [Fact]
    public void Every_service_waits_for_a_healthy_broker_and_database_and_everything_waited_for_has_a_health_check()
    {
        foreach (var name in AppServices)
        {
            var dependsOn = Service(name).Children.TryGetValue("depends_on", out var node) ? (YamlMappingNode)node : null;
            Assert.True(dependsOn is not null, $"{name}: no depends_on");
            foreach (var needed in new[] { "rabbitmq", "postgres" })
            {
                Assert.True(dependsOn!.Children.TryGetValue(needed, out var condition), $"{name}: does not depend on {needed}");
                Assert.True(Scalar(condition, "condition") == "service_healthy", $"{name}: waits for {needed} without condition service_healthy");
            }

            Assert.True(Service(name).Children.ContainsKey("healthcheck"), $"{name}: no healthcheck");
        }

        foreach (var (name, service) in Services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
        {
            if (!service.Children.TryGetValue("depends_on", out var dependsOn))
                continue;
            foreach (var target in ((YamlMappingNode)dependsOn).Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!))
            {
                Assert.True(Services.Children.ContainsKey(target), $"{name}: depends on {target}, which is not a service");
                Assert.True(Service(target).Children.ContainsKey("healthcheck"), $"{target}: {name} waits for it to be healthy, but it has no healthcheck");
            }
        }
    }

    [Fact]
    public void The_broker_loads_the_definitions_file_which_names_every_user_the_services_connect_as()
    {
        Assert.True(Volumes("rabbitmq").Any(v => v.StartsWith("./docs/rabbitmq/definitions.json:", StringComparison.Ordinal)), "rabbitmq: the definitions file is not mounted");
        using var definitions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "rabbitmq", "definitions.json")));
        var users = definitions.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToHashSet();
        foreach (var name in AppServices)
        {
            var user = Environment(name).GetValueOrDefault("RabbitMqTransport__User");
            Assert.True(user is not null && users.Contains(user), $"{name}: connects as '{user}', a user docs/rabbitmq/definitions.json does not define");
        }
    }

    [Fact]
    public void Every_database_a_service_needs_on_postgres_is_configured_on_a_compose_host()
    {
        foreach (var name in AppServices)
        {
            var environment = Environment(name);
            Assert.True(environment.GetValueOrDefault("Database__Provider") == "Postgres", $"{name}: not on PostgreSQL");
            // On PostgreSQL the embedded sign-in needs a database of its own; without it the service stops at start.
            if (environment.GetValueOrDefault("Security__LocalProvider__Enabled") == "true")
                Assert.True(environment.ContainsKey("ConnectionStrings__SignIn"), $"{name}: runs the embedded sign-in on PostgreSQL without ConnectionStrings__SignIn");
            foreach (var (key, value) in environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                var host = value.Split(';').Select(p => p.Split('=', 2)).First(p => p[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase))[1];
                Assert.True(Services.Children.ContainsKey(host), $"{name}: {key} names host '{host}', which is not a service");
            }
        }
    }

    [Fact]
    public void Every_named_volume_is_declared_and_no_two_services_publish_the_same_host_port()
    {
        var declared = ((YamlMappingNode)Load()["volumes"]).Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToHashSet();
        var ports = new Dictionary<string, string>();
        foreach (var (name, service) in Services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
        {
            foreach (var volume in Volumes(name).Select(v => v.Split(':')[0]).Where(v => !v.StartsWith('.') && !v.StartsWith('/')))
                Assert.True(declared.Contains(volume), $"{name}: uses the volume '{volume}', which the file does not declare");
            if (!service.Children.TryGetValue("ports", out var published))
                continue;
            foreach (var port in ((YamlSequenceNode)published).Children.Cast<YamlScalarNode>().Select(p => p.Value!.Split(':')[0]))
                Assert.True(ports.TryAdd(port, name), $"{name}: host port {port} is already published by {ports.GetValueOrDefault(port)}");
        }
    }

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(string name) =>
        Services.Children.TryGetValue(name, out var node) ? (YamlMappingNode)node : throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service '{name}'");

    private static Dictionary<string, string> Environment(string name) =>
        ((YamlMappingNode)Service(name)["environment"]).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "");

    private static List<string> Volumes(string name) =>
        Service(name).Children.TryGetValue("volumes", out var node) ? ((YamlSequenceNode)node).Children.Cast<YamlScalarNode>().Select(v => v.Value!).ToList() : [];

    private static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Horizont.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Horizont.sln not found above the test's folder.");
    }
}
