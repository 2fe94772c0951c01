using Horizont.Hosting.Messaging;
using Microsoft.Extensions.Options;

namespace Horizont.Hosting.Tests;

public sealed class BrokerNodesTests
{
    private static string Failure(string brokerNodes)
    {
        // As ValidateDataAnnotations() checks the options at start.
        var result = new DataAnnotationValidateOptions<MessagingOptions>(null).Validate(null, new MessagingOptions { BrokerNodes = brokerNodes });
        Assert.True(result.Failed);
        return result.FailureMessage;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_absent_setting_means_the_single_broker(string? value)
    {
        Assert.Empty(BrokerNodes.Parse(value));
        Assert.True(new DataAnnotationValidateOptions<MessagingOptions>(null).Validate(null, new MessagingOptions { BrokerNodes = value }).Succeeded);
    }

    [Fact]
    public void A_list_of_host_and_port_is_read_in_order_with_spaces_around_entries_ignored()
    {
        var nodes = BrokerNodes.Parse("rabbit-1:5672, rabbit-2:5673 ,10.0.0.3:5674");

        Assert.Equal([new BrokerNode("rabbit-1", 5672), new BrokerNode("rabbit-2", 5673), new BrokerNode("10.0.0.3", 5674)], nodes);
        Assert.Equal("rabbit-2:5673", nodes[1].ToString());
    }

    [Theory]
    [InlineData("rabbit-1:5672,rabbit-2", "rabbit-2")]
    [InlineData("rabbit-1:5672,,rabbit-2:5672", "")]
    [InlineData(":5672", ":5672")]
    [InlineData("::1:5672", "::1:5672")]
    [InlineData("rabbit 1:5672", "rabbit 1:5672")]
    public void An_entry_that_is_not_host_and_port_fails_naming_the_setting_and_the_entry(string value, string entry)
    {
        Assert.Contains($"'Messaging:BrokerNodes' entry '{entry}' is not host:port", Failure(value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rabbit-1:0")]
    [InlineData("rabbit-1:65536")]
    [InlineData("rabbit-1:amqp")]
    [InlineData("rabbit-1:-5")]
    [InlineData("rabbit-1:")]
    public void A_port_outside_1_to_65535_fails_naming_the_entry(string value)
    {
        Assert.Contains($"'Messaging:BrokerNodes' entry '{value}' has no port between 1 and 65535", Failure(value), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_named_twice_fails()
    {
        Assert.Contains("'Messaging:BrokerNodes' names 'rabbit-1:5672' twice", Failure("rabbit-1:5672,rabbit-2:5672,rabbit-1:5672"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_what_validation_refuses()
    {
        var error = Assert.Throws<FormatException>(() => BrokerNodes.Parse("rabbit-1"));

        Assert.Contains("'Messaging:BrokerNodes' entry 'rabbit-1'", error.Message, StringComparison.Ordinal);
    }
}
