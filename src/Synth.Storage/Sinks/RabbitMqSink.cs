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
public sealed class RabbitMqSink(Uri uri, string exchange, string routingKey, string streamId, long from) : IStreamSink
{
    private IConnection? _connection;
    private IChannel? _channel;

    public string Format => "jsonl";

    public long Position { get; private set; } = from;

    public long Acked => Position;

    public long Accepts => long.MaxValue;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> records, int count, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await ChannelAsync(cancellationToken);
            var confirms = new List<Task>(count);
            var rest = records;
            var sequence = Position;
            while (!rest.IsEmpty)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
                var properties = new BasicProperties
                {
                    ContentType = "application/json",
                    DeliveryMode = DeliveryModes.Persistent,
                    MessageId = string.Create(CultureInfo.InvariantCulture, $"{streamId}-{sequence}"),
                    Headers = new Dictionary<string, object?> { ["x-synth-sequence"] = sequence, ["x-synth-stream"] = streamId },
                };
                confirms.Add(channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, line, cancellationToken).AsTask());
                sequence++;
            }
            await Task.WhenAll(confirms);
            Position += count;
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

    public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await ForgetConnectionAsync();
}
