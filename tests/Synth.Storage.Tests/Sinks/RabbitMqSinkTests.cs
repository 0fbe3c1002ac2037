using System.Text;
using RabbitMQ.Client;
using Synth.Storage.Sinks;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Sinks;

/// <summary>The RabbitMQ sink against the RabbitMQ node that ./test starts.</summary>
public sealed class RabbitMqSinkTests : IAsyncDisposable
{
    private readonly RabbitMqConnections Connections = new(channelsPerConnection: 2);

    [Fact]
    public async Task Each_record_is_one_persistent_message_with_its_sequence_confirmed_by_the_broker()
    {
        var queue = "synth-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await new ConnectionFactory { Uri = RabbitMqBroker.Uri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await using var sink = new RabbitMqSink(Connections, RabbitMqBroker.Uri, exchange: "", routingKey: queue, streamId: "s9", from: 100);

        await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n{\"id\":2}\n"), 2, CancellationToken.None);
        await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":3}\n"), 1, CancellationToken.None);

        sink.Acked.Should().Be(103);
        var messages = new List<(string Body, string? Id, long Sequence, DeliveryModes Mode)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            messages.Add((Encoding.UTF8.GetString(got.Body.Span), got.BasicProperties.MessageId, (long)got.BasicProperties.Headers!["x-synth-sequence"]!, got.BasicProperties.DeliveryMode));
        }
        messages.Should().Equal(
            ("{\"id\":1}", "s9-100", 100L, DeliveryModes.Persistent),
            ("{\"id\":2}", "s9-101", 101L, DeliveryModes.Persistent),
            ("{\"id\":3}", "s9-102", 102L, DeliveryModes.Persistent));
    }

    [Fact]
    public async Task A_message_the_broker_cannot_route_fails_the_delivery_instead_of_vanishing()
    {
        await using var sink = new RabbitMqSink(Connections, RabbitMqBroker.Uri, exchange: "", routingKey: "no-such-queue-" + Guid.NewGuid().ToString("N"), streamId: "s9", from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), 1, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("rabbitmq: *");
        sink.Position.Should().Be(0);
    }

    [Fact]
    public async Task A_broker_that_is_not_there_fails_the_delivery()
    {
        await using var sink = new RabbitMqSink(Connections, new Uri("amqp://guest:guest@127.0.0.1:1/"), exchange: "", routingKey: "q", streamId: "s9", from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), 1, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("rabbitmq: *");
    }

    [Fact]
    public async Task Sinks_into_one_broker_share_its_connections_a_channel_each_up_to_the_limit()
    {
        using var first = await Connections.LeaseAsync(RabbitMqBroker.Uri, CancellationToken.None);
        using var second = await Connections.LeaseAsync(RabbitMqBroker.Uri, CancellationToken.None);
        var third = await Connections.LeaseAsync(RabbitMqBroker.Uri, CancellationToken.None);

        second.Connection.Should().BeSameAs(first.Connection);
        third.Connection.Should().NotBeSameAs(first.Connection, "a connection carries at most 2 channels here");
        third.Dispose();
        using var fourth = await Connections.LeaseAsync(RabbitMqBroker.Uri, CancellationToken.None);
        fourth.Connection.Should().NotBeSameAs(first.Connection).And.Match<IConnection>(c => c.IsOpen, "the freed channel's place is taken again");
    }

    [Fact]
    public async Task A_connection_that_closed_is_replaced_and_the_sinks_on_it_deliver_again()
    {
        var queue = "synth-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = await new ConnectionFactory { Uri = RabbitMqBroker.Uri }.CreateConnectionAsync();
        await using var channel = await admin.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await using var sink = new RabbitMqSink(Connections, RabbitMqBroker.Uri, exchange: "", routingKey: queue, streamId: "s9", from: 0);
        await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), 1, CancellationToken.None);
        using (var lease = await Connections.LeaseAsync(RabbitMqBroker.Uri, CancellationToken.None)) await lease.Connection.CloseAsync();

        var retried = async () =>
        {
            try
            {
                await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":2}\n"), 1, CancellationToken.None);
            }
            catch (SinkException)
            {
                // The stream gives the batch again after a failure, as here.
                await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":2}\n"), 1, CancellationToken.None);
            }
        };

        await retried.Should().NotThrowAsync();
        sink.Acked.Should().Be(2);
        (await channel.MessageCountAsync(queue)).Should().Be(2);
    }

    public ValueTask DisposeAsync() => Connections.DisposeAsync();
}
