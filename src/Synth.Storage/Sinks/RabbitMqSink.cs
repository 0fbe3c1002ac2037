using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Synth.Storage.Sinks;

/// <summary>
/// Publishes each record as one persistent message (its JSON line) to an exchange with a routing key,
/// with publisher confirms: a batch is acknowledged when the broker has confirmed every message of it.
/// Messages are mandatory, so one the broker cannot route (no queue bound) fails the delivery instead of
/// vanishing. Each message carries its sequence number (<c>x-synth-sequence</c> header, and
/// <c>{stream}-{sequence}</c> as message id) for consumers to de-duplicate.
/// </summary>
public sealed class RabbitMqSink(Uri uri, string exchange, string routingKey, string streamId, long from) : BatchAcknowledgedSink(from)
{
    private IConnection? _connection;
    private IChannel? _channel;

    public override string Format => "jsonl";

    protected override async ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await ChannelAsync(cancellationToken);
            var confirms = new List<Task>(count);
            JsonLines.ForEach(records, first, (line, sequence) =>
            {
                var properties = new BasicProperties
                {
                    ContentType = "application/json",
                    DeliveryMode = DeliveryModes.Persistent,
                    MessageId = string.Create(CultureInfo.InvariantCulture, $"{streamId}-{sequence}"),
                    Headers = new Dictionary<string, object?> { ["x-synth-sequence"] = sequence, ["x-synth-stream"] = streamId },
                };
                confirms.Add(channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, line, cancellationToken).AsTask());
            });
            await Task.WhenAll(confirms);
        }
        catch (Exception e) when (e is RabbitMQClientException or PublishException or OperationInterruptedException or AlreadyClosedException or IOException or System.Net.Sockets.SocketException)
        {
            await ForgetConnectionAsync();
            throw new SinkException($"rabbitmq: {e.Message}", e);
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true }) return _channel;
        await ForgetConnectionAsync();
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = $"synth stream {streamId}" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private async Task ForgetConnectionAsync()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        try
        {
            if (channel is not null) await channel.DisposeAsync();
            if (connection is not null) await connection.DisposeAsync();
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or OperationInterruptedException or AlreadyClosedException)
        {
            // A connection already broken cannot be closed cleanly; it is gone either way.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await ForgetConnectionAsync();
        await base.DisposeAsync();
    }
}
