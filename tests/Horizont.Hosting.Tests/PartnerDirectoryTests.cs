using Horizont.Hosting.Messaging;
using Horizont.Hosting.Partners;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests;

public sealed class PartnerDirectoryTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private static readonly (string, string)[] s_partners =
    [
        ("Partners:0:Id", "ja-nordhausen"), ("Partners:0:Name", "JA"), ("Partners:0:Kind", "Jugendamt"),
        ("Partners:1:Id", "horizont-ev"), ("Partners:1:Name", "Horizont"), ("Partners:1:Kind", "Provider"), ("Partners:1:Queue", "horizont-inbound"),
    ];

    [Fact]
    public void The_agency_a_service_runs_as_comes_from_its_section_or_the_default()
    {
        var configuration = Configuration(s_partners);
        Assert.Equal("horizont-ev", AgencyIdentity.Resolve(configuration, "Provider", AgencyKind.Provider, "horizont-ev").Id);
        Assert.Equal("horizont-inbound", AgencyIdentity.Resolve(configuration, "Provider", AgencyKind.Provider, "horizont-ev").QueueName);
        Assert.Equal("ja-nordhausen", AgencyIdentity.Resolve(configuration, "Jugendamt", AgencyKind.Jugendamt, "ja-nordhausen").QueueName);
    }

    [Fact]
    public void An_agency_id_missing_from_the_directory_stops_the_service_naming_the_key()
    {
        var configuration = Configuration([.. s_partners, ("Provider:AgencyId", "unbekannt-ev")]);
        var error = Assert.Throws<OptionsValidationException>(() => AgencyIdentity.Resolve(configuration, "Provider", AgencyKind.Provider, "horizont-ev"));
        Assert.Contains("Provider:AgencyId", error.Message, StringComparison.Ordinal);
        Assert.Contains("unbekannt-ev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agency_of_the_wrong_kind_stops_the_service()
    {
        var configuration = Configuration([.. s_partners, ("Provider:AgencyId", "ja-nordhausen")]);
        var error = Assert.Throws<OptionsValidationException>(() => AgencyIdentity.Resolve(configuration, "Provider", AgencyKind.Provider, "horizont-ev"));
        Assert.Contains("Jugendamt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_and_malformed_agency_ids_are_rejected_with_their_position()
    {
        var options = new PartnerDirectoryOptions
        {
            Partners =
            [
                new Partner { Id = "horizont-ev", Name = "A", Kind = AgencyKind.Provider },
                new Partner { Id = "horizont-ev", Name = "B", Kind = AgencyKind.Provider },
                new Partner { Id = "Not Valid!", Name = "C", Kind = AgencyKind.Provider },
            ],
        };
        var result = new ValidatePartnerDirectory().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("'horizont-ev' appears 2 times", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Partners:2:Id", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TransportKind.RabbitMq, "exchange:ja-nordhausen.to.horizont-inbound")]
    [InlineData(TransportKind.InMemory, "queue:horizont-inbound")]
    public void A_partner_is_addressed_by_its_own_queue_never_by_message_type(TransportKind transport, string expected)
    {
        // On RabbitMQ through the sender's own exchange for that queue, which provisioning binds to the partner's.
        var directory = new PartnerDirectory([new Partner { Id = "horizont-ev", Name = "H", Kind = AgencyKind.Provider, Queue = "horizont-inbound" }]);
        Assert.Equal(new Uri(expected), new AgencyEndpoints(directory, transport, [], brokerUser: "ja-nordhausen").AddressOf("horizont-ev"));
    }

    [Fact]
    public void An_unknown_transport_stops_the_service_naming_the_key_and_the_allowed_values()
    {
        var error = Assert.Throws<OptionsValidationException>(() => HorizontBus.ReadTransport(Configuration(("Transport", "Kafka"))));
        Assert.Contains("'Transport' is 'Kafka'", error.Message, StringComparison.Ordinal);
        Assert.Contains("InMemory, RabbitMq", error.Message, StringComparison.Ordinal);
        Assert.Equal(TransportKind.RabbitMq, HorizontBus.ReadTransport(Configuration(("Transport", "rabbitmq"))));
        Assert.Equal(TransportKind.InMemory, HorizontBus.ReadTransport(Configuration()));
    }
}
