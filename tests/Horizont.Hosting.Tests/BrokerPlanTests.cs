using System.Text.RegularExpressions;
using Horizont.Hosting.Messaging;
using Horizont.Hosting.Partners;

namespace Horizont.Hosting.Tests;

/// <summary>
/// The permissions provisioning gives each broker user (ADR 0011), checked with .NET's regular expressions, which agree
/// with RabbitMQ's for these anchored patterns. The real broker's answer is in BrokerUsersOnRabbitMqTests.
/// </summary>
public sealed class BrokerPlanTests
{
    private static readonly Partner[] s_partners =
    [
        new() { Id = "ja-nordhausen", Name = "JA", Kind = AgencyKind.Jugendamt },
        new() { Id = "horizont-ev", Name = "H", Kind = AgencyKind.Provider },
        new() { Id = "brueckenbau-ev", Name = "B", Kind = AgencyKind.Provider, BrokerUser = "bruecke" },
    ];

    private static readonly BrokerPlan s_plan = BrokerPlan.For(s_partners, "horizont-betrieb", "horizont-operations");

    [Theory]
    [InlineData("horizont-ev", true)]
    [InlineData("horizont-ev_error", true)]
    [InlineData("horizont-ev_skipped", true)]
    [InlineData("brueckenbau-ev", false)]
    [InlineData("ja-nordhausen", false)]
    [InlineData("ja-nordhausen_error", false)]
    [InlineData("horizont-operations", false)]
    [InlineData("horizont-ev-x", false)]
    [InlineData("horizont-ev.to.ja-nordhausen", false)]
    public void An_agency_reads_only_its_own_queues(string queue, bool allowed) =>
        Assert.Equal(allowed, Matches(User("horizont-ev").Read, queue));

    [Theory]
    [InlineData("horizont-ev.to.ja-nordhausen", true)]
    [InlineData("horizont-ev.to.horizont-operations", true)]
    [InlineData("horizont-ev_error", true)]
    [InlineData("ja-nordhausen", false)]
    [InlineData("ja-nordhausen.to.horizont-ev", false)]
    [InlineData("bruecke.to.ja-nordhausen", false)]
    [InlineData("brueckenbau-ev", false)]
    [InlineData("amq.default", false)]
    public void An_agency_configures_and_writes_only_its_own_names(string name, bool allowed)
    {
        Assert.Equal(allowed, Matches(User("horizont-ev").Configure, name));
        Assert.Equal(allowed, Matches(User("horizont-ev").Write, name));
    }

    [Fact]
    public void Routes_run_from_a_jugendamt_to_each_provider_from_each_provider_to_the_jugendamt_and_from_everyone_to_operations()
    {
        Assert.Equal(
            [
                "bruecke.to.horizont-operations", "bruecke.to.ja-nordhausen",
                "horizont-betrieb.to.horizont-operations",
                "horizont-ev.to.horizont-operations", "horizont-ev.to.ja-nordhausen",
                "ja-nordhausen.to.brueckenbau-ev", "ja-nordhausen.to.horizont-ev", "ja-nordhausen.to.horizont-operations",
            ],
            s_plan.Routes.Select(r => r.Exchange).Order(StringComparer.Ordinal));
        Assert.Contains(s_plan.Routes, r => r is { User: "bruecke", Queue: "ja-nordhausen" });
    }

    [Fact]
    public void Operations_reads_every_error_and_skipped_queue_but_no_inbound_queue_and_replays_through_the_default_exchange_as_impersonator()
    {
        var operations = User("horizont-betrieb");
        foreach (var queue in new[] { "ja-nordhausen_error", "horizont-ev_skipped", "brueckenbau-ev_error", "horizont-operations" })
            Assert.True(Matches(operations.Read, queue), queue);
        foreach (var queue in new[] { "ja-nordhausen", "horizont-ev", "brueckenbau-ev" })
            Assert.False(Matches(operations.Read, queue), queue);
        Assert.True(Matches(operations.Write, "amq.default"));
        Assert.Equal([BrokerPlan.MonitoringTag, BrokerPlan.ImpersonatorTag], operations.Tags);
        Assert.All(s_plan.Users.Where(u => u.User != "horizont-betrieb"), u => Assert.Empty(u.Tags));
    }

    [Fact]
    public void Two_agencies_on_one_broker_user_are_refused_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => BrokerPlan.For(
            [.. s_partners, new Partner { Id = "noch-ein-traeger", Name = "N", Kind = AgencyKind.Provider, BrokerUser = "bruecke" }], "horizont-betrieb", "horizont-operations"));
        Assert.Contains("'bruecke' belongs to brueckenbau-ev and noch-ein-traeger", error.Message, StringComparison.Ordinal);
    }

    private static BrokerUserPlan User(string name) => Assert.Single(s_plan.Users, u => u.User == name);

    private static bool Matches(string pattern, string name) => Regex.IsMatch(name, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}
