using System.Text.Json;
using Confluent.Kafka;

namespace Synth.Storage.Sinks;

/// <summary>
/// Produces each record as one message (its JSON line) to a topic with an idempotent producer and
/// <c>acks=all</c>: a batch is acknowledged when every message of it is in the topic's in-sync
/// replicas. The message key is the value of <paramref name="keyField"/> (absent: no key), and the
/// <c>x-synth-sequence</c> header carries the record's number for consumers to de-duplicate. The
/// producer is shared with the silo's other sinks into the same cluster (<see cref="KafkaProducers"/>).
/// </summary>
public sealed class KafkaSink(KafkaProducers producers, string bootstrapServers, string topic, string? keyField, long from) : BatchAcknowledgedSink(from)
{
    public override string Format => "jsonl";

    protected override async ValueTask DeliverAsync(ReadOnlyMemory<byte> records, long first, int count, CancellationToken cancellationToken)
    {
        var producer = producers.For(bootstrapServers);
        try
        {
            var deliveries = new List<Task<DeliveryResult<byte[]?, byte[]>>>(count);
            JsonLines.ForEach(records, first, (line, sequence) => deliveries.Add(producer.ProduceAsync(topic, new Message<byte[]?, byte[]>
            {
                Key = keyField is null ? null : KeyOf(line.Span, keyField),
                Value = line.ToArray(),
                Headers = new Headers { { "x-synth-sequence", BitConverter.GetBytes(sequence) } },
            }, cancellationToken)));
            await Task.WhenAll(deliveries);
        }
        catch (KafkaException e)
        {
            if (e.Error.IsFatal) producers.Replace(producer);
            throw new SinkException($"kafka: {e.Error.Reason}", e);
        }
    }

    /// <summary>The key field's value in the record's JSON, as UTF-8 text (a string without its quotes).</summary>
    internal static byte[]? KeyOf(ReadOnlySpan<byte> json, string keyField)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(keyField);
            reader.Read();
            if (match)
            {
                return reader.TokenType switch
                {
                    JsonTokenType.String => System.Text.Encoding.UTF8.GetBytes(reader.GetString()!),
                    JsonTokenType.Null => null,
                    _ => reader.ValueSpan.ToArray(),
                };
            }
            reader.Skip();
        }
        return null;
    }

}
