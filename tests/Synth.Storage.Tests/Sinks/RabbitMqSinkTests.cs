using System.Text;
using RabbitMQ.Client;
using Synth.Storage.Sinks;
using Synth.TestSupport;

namespace Synth.Storage.Tests.Sinks;

/// <summary>The RabbitMQ sink against the RabbitMQ node that ./test starts.</summary>
public sealed class RabbitMqSinkTests
{
    [Fact]
    public async Task Each_record_is_one_persistent_message_with_its_sequence_confirmed_by_the_broker()
    {
        var queue = "synth-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await new ConnectionFactory { Uri = RabbitMqBroker.Uri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await using var sink = new RabbitMqSink(RabbitMqBroker.Uri, exchange: "", routingKey: queue, streamId: "s9", from: 100);

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
        await using var sink = new RabbitMqSink(RabbitMqBroker.Uri, exchange: "", routingKey: "no-such-queue-" + Guid.NewGuid().ToString("N"), streamId: "s9", from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), 1, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("rabbitmq: *");
        sink.Position.Should().Be(0);
    }

    [Fact]
    public async Task A_broker_that_is_not_there_fails_the_delivery()
    {
        await using var sink = new RabbitMqSink(new Uri("amqp://guest:guest@127.0.0.1:1/"), exchange: "", routingKey: "q", streamId: "s9", from: 0);

        var write = async () => await sink.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), 1, CancellationToken.None);

        (await write.Should().ThrowAsync<SinkException>()).WithMessage("rabbitmq: *");
    }
}
