using System.Text;
using Horizont.Operations.Failures;
using NSubstitute;
using RabbitMQ.Client;

namespace Horizont.Operations.Tests;

/// <summary>On RabbitMQ 4 the error queues are read only once the operator has exempted them from the delivery limit.</summary>
public sealed class DeliveryLimitGuardTests
{
    [Theory]
    [InlineData("3.10.8")]
    [InlineData("3.13.7")]
    public void RabbitMq_3_has_no_delivery_limit_so_the_error_queues_are_read(string version) =>
        Assert.Null(RabbitMqErrorQueues.DeliveryLimitRisk(Broker(version), new OperationsOptions()));

    [Theory]
    [InlineData("4.0.5")]
    [InlineData("4.2.1")]
    [InlineData("4.3.0-rc.1")]
    public void RabbitMq_4_is_not_read_until_the_operator_confirms_the_exemption(string version)
    {
        var reason = RabbitMqErrorQueues.DeliveryLimitRisk(Broker(version), new OperationsOptions());

        Assert.NotNull(reason);
        Assert.Contains($"RabbitMQ {version}", reason, StringComparison.Ordinal);
        Assert.Contains("delivery-limit", reason, StringComparison.Ordinal);
        Assert.Contains("Operations__ErrorQueuesWithoutDeliveryLimit=true", reason, StringComparison.Ordinal);
        Assert.Null(RabbitMqErrorQueues.DeliveryLimitRisk(Broker(version), new OperationsOptions { ErrorQueuesWithoutDeliveryLimit = true }));
    }

    private static IConnection Broker(string version)
    {
        var connection = Substitute.For<IConnection>();
        connection.ServerProperties.Returns(new Dictionary<string, object?> { ["version"] = Encoding.UTF8.GetBytes(version) });
        return connection;
    }
}
