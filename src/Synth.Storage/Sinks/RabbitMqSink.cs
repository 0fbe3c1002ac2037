using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Synth.Storage.Sinks;

/// <summary>
/// Publishes each record as one persistent message (its JSON line) to an exchange with a routing key,
/// with publisher confirms: a batch is acknowledged when the broker has confirmed every message of it.
/// Messages are mandatory, so one the broker cannot route (no queue bound) fails the delivery instead of
/// vanishing. Each message carries its sequence number (<c>x-synth-sequence</c> header, and
/// <c>{stream}-{sequence}</c> as message id) for consumers to de-duplicate. The sink's channel lives on
/// a connection shared with the silo's other sinks into the same broker (<see cref="RabbitMqConnections"/>).
/// </summary>
public sealed class RabbitMqSink(RabbitMqConnections connections, Uri uri, string exchange, string routingKey, string streamId, long from) : BatchAcknowledgedSink(from)
{
    private RabbitMqConnections.Lease? _lease;
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
            await ForgetChannelAsync();
            throw new SinkException($"rabbitmq: {e.Message}", e);
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true }) return _channel;
        await ForgetChannelAsync();
        _lease = await connections.LeaseAsync(uri, cancellationToken);
        _channel = await _lease.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private async Task ForgetChannelAsync()
    {
        var (channel, lease) = (_channel, _lease);
        (_channel, _lease) = (null, null);
        try
        {
            if (channel is not null) await channel.DisposeAsync();
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or OperationInterruptedException or AlreadyClosedException)
        {
            // A channel already broken cannot be closed cleanly; it is gone either way.
        }
        finally
        {
            lease?.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await ForgetChannelAsync();
        await base.DisposeAsync();
    }
}
